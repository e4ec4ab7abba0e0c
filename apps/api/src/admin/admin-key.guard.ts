import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '@pds/config';
import { GraphQLError } from 'graphql';
import { matchesAdminKey } from './admin-key';

/**
 * Admin operations need `x-admin-key` equal to ADMIN_API_KEY, compared in constant time.
 * Without ADMIN_API_KEY configured there is no admin at all.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.ADMIN_API_KEY;
    if (!expected) {
      throw new GraphQLError('admin operations are disabled: the server has no ADMIN_API_KEY', {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const request = GqlExecutionContext.create(context).getContext<{ req: { headers: Record<string, unknown> } }>().req;
    const given = request.headers['x-admin-key'];
    if (!matchesAdminKey(given, expected)) {
      throw new GraphQLError('admin operations need a valid x-admin-key header', { extensions: { code: 'UNAUTHENTICATED' } });
    }
    return true;
  }
}
