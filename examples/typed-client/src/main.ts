import { send } from './client';
import { Brands, BrandTree, Inbox, Login } from './operations';

// Logs in as the demo admin, prints the Mars tree and the Snickers inbox's size. Against
// another service or user: PARASOL_URL, PARASOL_EMAIL, PARASOL_PASSWORD.
const url = process.env.PARASOL_URL ?? 'http://localhost:3000/graphql';
const email = process.env.PARASOL_EMAIL ?? 'admin@mars.example';
const password = process.env.PARASOL_PASSWORD ?? 'parasol-demo';

async function main(): Promise<void> {
  const { login } = await send(url, Login, { email, password });
  const token = login.accessToken;

  const { viewer, brands: readable } = await send(url, Brands, {}, token);
  const { brands } = await send(url, BrandTree, {}, token);
  console.log(`${viewer.user?.email} in ${viewer.organization.name}: ${readable.totalCount} brand(s), ${brands.totalCount} umbrella(s)`);
  let snickersId: string | undefined;
  for (const { node: root } of brands.edges) {
    console.log(`${root.name} (${root.slug})`);
    for (const { node: child } of root.children.edges) {
      const profiles = child.profiles.edges.map(({ node: p }) => `${p.network} ${p.handle} ${p.status}`);
      console.log(`  ${child.name} /${child.path.join('/')}: ${profiles.join(', ')}`);
      if (child.name === 'Snickers') snickersId = child.id;
    }
  }
  if (!snickersId) throw new Error('No Snickers under the umbrella: is this the demo organization?');

  const { inbox } = await send(url, Inbox, { brandId: snickersId }, token);
  console.log(`Snickers inbox: ${inbox.totalCount} item(s)`);
  for (const { node: item } of inbox.edges) {
    console.log(`  ${item.status} ${item.about ?? item.kind} ${item.slaState ?? ''} @${item.author.handle}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
