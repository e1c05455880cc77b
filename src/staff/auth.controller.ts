import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentStaff, PublicRoute, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { AuthService } from './auth.service.js';
import { CallerView, ChangePasswordDto, LoginDto, RefreshDto, RequestPasswordResetDto, ResetPasswordDto, TokensView } from './dto/auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @PublicRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: TokensView })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_LOGIN_ATTEMPTS (with retryAfterSeconds)' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokensView> {
    return this.auth.login(body.email, body.password, request.ip);
  }

  @Post('refresh')
  @PublicRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'New tokens for a refresh token (which then stops working)' })
  @ApiOkResponse({ type: TokensView })
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN, or REFRESH_TOKEN_REUSED (the session is ended)' })
  refresh(@Body() body: RefreshDto): Promise<TokensView> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this sign-in: its access and refresh tokens stop working' })
  @ApiNoContentResponse()
  async logout(@CurrentStaff() staff: StaffMember): Promise<void> {
    await this.auth.logout(staff);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: CallerView })
  me(@CurrentStaff() staff: StaffMember): CallerView {
    return { id: staff.id, name: staff.name, role: staff.role, stores: staff.stores };
  }

  @Post('password')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your password; your other sign-ins end' })
  @ApiNoContentResponse()
  async changePassword(@CurrentStaff() staff: StaffMember, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(staff, body.currentPassword, body.newPassword);
  }

  @Post('password-reset')
  @PublicRoute()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Email a one-time reset link; answers the same whether or not the email has an account' })
  @ApiAcceptedResponse()
  async requestPasswordReset(@Body() body: RequestPasswordResetDto): Promise<void> {
    await this.auth.requestPasswordReset(body.email);
  }

  @Post('password-reset/confirm')
  @PublicRoute()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a reset link; every sign-in of the account ends' })
  @ApiNoContentResponse()
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.auth.resetPassword(body.token, body.newPassword);
  }
}
