import { parseArgs } from 'node:util';
import { loadConfig } from '../libs/config';
import { createParasol } from '../src/bootstrap';
import { OrganizationsService } from '../src/organizations/organizations.service';

/**
 * Creates a tenant and its first organization admin, on the database the service would use
 * (DATABASE_URL, or the embedded one). Organizations are created by operators, not over the API.
 *
 *   npm run org:create -- --name "Acme" --admin-email admin@acme.example --admin-name "Ann Admin"
 *
 * The password comes from PARASOL_ADMIN_PASSWORD (so it stays out of the shell history).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      slug: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
    },
  });
  const password = process.env.PARASOL_ADMIN_PASSWORD;
  const missing = [
    !values.name && '--name',
    !values['admin-email'] && '--admin-email',
    !password && 'PARASOL_ADMIN_PASSWORD (environment)',
  ].filter(Boolean);
  if (missing.length) throw new Error(`Missing ${missing.join(', ')}`);
  if (password!.length < 12) throw new Error('PARASOL_ADMIN_PASSWORD must be at least 12 characters');

  const parasol = await createParasol({ ...loadConfig(), demo: false, logLevel: 'error' });
  try {
    await parasol.app.init();
    const { organizationId, admin } = await parasol.app.get(OrganizationsService).create({
      name: values.name!,
      slug: values.slug,
      admin: { email: values['admin-email']!, displayName: values['admin-name'] ?? values['admin-email']!, password: password! },
    });
    console.log(JSON.stringify({ organizationId, adminUserId: admin.id }));
  } finally {
    await parasol.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
