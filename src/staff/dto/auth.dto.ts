import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords.js';
import { StaffAccountView } from '../staff-account.view.js';

const NEW_PASSWORD = {
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; a passphrase is best.`,
  example: 'four random words together',
};

export class LoginDto {
  @ApiProperty({ example: 'owner@atelier.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last sign-in or refresh; it works once.', example: 'atl_rt_3q2+7w...' })
  @IsString()
  @MaxLength(512)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH, example: 'my current passphrase' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'ana@atelier.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset link (after `#token=`).', example: 'atl_pr_9fQ...' })
  @IsString()
  @MaxLength(512)
  token!: string;

  @ApiProperty(NEW_PASSWORD)
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class TokensView {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>" until it expires.' }) accessToken!: string;
  @ApiProperty() accessTokenExpiresAt!: string;
  @ApiProperty({ description: 'Exchange at POST /auth/refresh for new tokens; it works once.' }) refreshToken!: string;
  @ApiProperty() refreshTokenExpiresAt!: string;
  @ApiProperty({ type: StaffAccountView }) staff!: StaffAccountView;
}

export class CallerView {
  @ApiProperty({ description: 'The staff account id, or api-key:<id>.' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', enum: ['all'] }] }) stores!: string[] | 'all';
}
