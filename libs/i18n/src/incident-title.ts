// An incident's title: what happened, then to which device or gateway ("Mất tín hiệu hình:
// CAM-DH-001"). The incident service stores it in Vietnamese; an edge asked for English
// renders it again from the incident's type and target.
import type { IncidentType } from '@ioc/contracts';
import { domain } from './domain.messages';
import type { Lang } from './lang';
import { translateMessage } from './phrases';

export function incidentTitle(lang: Lang, type: IncidentType, target: { deviceId: string | null; gatewayId: string }): string {
  return `${domain[lang].incidentType[type]}: ${target.deviceId ?? target.gatewayId}`;
}

type Localizable = { type: IncidentType; deviceId: string | null; gatewayId: string; title: string; resolutionNote?: string | null; timeline?: { note: string }[] };

/**
 * An incident as a person reads it in `lang`: the title from its type and target, the
 * system's notes (timeline, automatic resolution) through the catalogue; an operator's
 * own words stay as written.
 */
export function localizeIncident<T extends Localizable>(incident: T, lang: Lang): T {
  return {
    ...incident,
    title: incidentTitle(lang, incident.type, incident),
    ...(incident.resolutionNote ? { resolutionNote: translateMessage(incident.resolutionNote, lang) } : {}),
    ...(incident.timeline ? { timeline: incident.timeline.map((e) => ({ ...e, note: translateMessage(e.note, lang) })) } : {}),
  };
}
