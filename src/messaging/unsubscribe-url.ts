import type { AppConfig } from '../platform/config/app-config.js';

/** The link in every email that stops emails to its recipient with one click. */
export function unsubscribeUrl(config: AppConfig, token: string): string {
  return new URL(`/unsubscribe/${token}`, config.http.publicBaseUrl).toString();
}
