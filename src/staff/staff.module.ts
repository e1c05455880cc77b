import { Global, Module } from '@nestjs/common';
import { Authenticator } from '../platform/auth/staff-auth.guard.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeys } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.service.js';
import { StaffAccounts } from './staff-accounts.service.js';
import { StaffController } from './staff.controller.js';
import { StaffDirectory } from './staff-directory.service.js';

/** Staff accounts, sign-in and API keys; provides the Authenticator the global guard uses. */
@Global()
@Module({
  controllers: [AuthController, StaffController, ApiKeysController],
  providers: [AuthService, { provide: Authenticator, useExisting: AuthService }, LoginThrottle, StaffAccounts, ApiKeys, StaffDirectory],
  exports: [Authenticator, StaffDirectory],
})
export class StaffModule {}
