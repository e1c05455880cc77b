import type { AppConfig } from '../platform/config/app-config.js';

export function trackingUrl(config: AppConfig, trackingToken: string): string {
  return new URL(`/track/${trackingToken}`, config.http.publicBaseUrl).toString();
}
