// What the api tells the web app at start (GET /app-config.json): where the realtime app
// is, and an optional raster tile layer for sites that have a tile server. Without one the
// map draws the offline basemap shipped with the app.
export interface AppConfig {
  realtimeUrl: string;
  /** e.g. https://tiles.example.vn/{z}/{x}/{y}.png; empty: offline basemap only. */
  tileUrl: string;
  tileAttribution: string;
  /** Where gateways reach the MQTT broker (shown with a gateway's new credentials); empty when the api does not say. */
  mqttUrl: string;
}

export async function loadAppConfig(): Promise<AppConfig> {
  const res = await fetch('/app-config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`app-config.json: HTTP ${res.status}`);
  const body = (await res.json()) as Partial<AppConfig>;
  return { realtimeUrl: body.realtimeUrl ?? 'http://127.0.0.1:3001', tileUrl: body.tileUrl ?? '', tileAttribution: body.tileAttribution ?? '', mqttUrl: body.mqttUrl ?? '' };
}
