import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { AccessGuard, BearerStrategy, PRINCIPAL_RESOLVER } from '../libs/auth';
import { PARASOL_CONFIG, ParasolConfig } from '../libs/config';
import { formatGraphQLError, FreshReadsInterceptor, GraphQLExceptionFilter, InputValidationPipe, isUnexpectedError, RequestContext } from '../libs/core';
import { Db, parasolDataSourceOptions, StatementCounter } from '../libs/database';
import { requestTransactionPlugin } from './request-transaction.plugin';
import { MIGRATIONS } from '../migrations';
import { AccessModule } from './access/access.module';
import { BrandsModule } from './brands/brands.module';
import { DemoModule } from './demo/demo.module';
import { ENTITIES } from './entities';
import { HealthController } from './health.controller';
import { IdentityModule } from './identity/identity.module';
import { PrincipalsService } from './identity/principals.service';
import { SocialProfilesModule } from './profiles/social-profiles.module';

/** The configuration once the database is known: a URL and a signing secret are settled. */
export type ResolvedConfig = ParasolConfig & { databaseUrl: string; jwtSecret: string };

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

@Global()
@Module({})
class CoreModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PARASOL_CONFIG, useValue: config },
        Db,
      ],
      exports: [PARASOL_CONFIG, Db],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    const logger = new Logger('GraphQL');
    const sqlLogger = new Logger('SQL');
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRoot(
          parasolDataSourceOptions({
            url: config.databaseUrl,
            poolSize: config.poolSize,
            entities: ENTITIES,
            migrations: MIGRATIONS,
            migrationsRun: config.migrateOnBoot,
            logger: new StatementCounter((level, message) => sqlLogger[level](message)),
          }),
        ),
        PassportModule,
        JwtModule.register({
          global: true,
          secret: config.jwtSecret,
          signOptions: { algorithm: 'HS256', expiresIn: config.jwtExpiresIn as `${number}h` },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Db],
          useFactory: (db: Db) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: !config.production,
            playground: false,
            includeStacktraceInErrorResponses: false,
            context: ({ req }: { req: Request }) => {
              const header = req.headers['x-request-id'];
              const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
              return { req, requestContext: new RequestContext(null, requestId) };
            },
            formatError: formatGraphQLError,
            plugins: [requestTransactionPlugin(db, logger)],
          }),
        }),
        AccessModule,
        IdentityModule,
        BrandsModule,
        SocialProfilesModule,
        DemoModule.forRoot(config.demo),
      ],
      controllers: [HealthController],
      providers: [
        BearerStrategy,
        { provide: PRINCIPAL_RESOLVER, useExisting: PrincipalsService },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: FreshReadsInterceptor },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
