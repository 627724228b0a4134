// The alert sound of a new critical incident: a short two-tone beep made with WebAudio (no
// audio file), on by default (an operations room must hear an alarm), muted by the
// operator's choice kept in localStorage. Browsers refuse sound until the user has
// interacted with the page; until then an alarm is only seen (it flashes), never an error.
import { useEffect, useSyncExternalStore } from 'react';
import { newAlarms } from './queue';

const STORAGE_KEY = 'ioc.alarmSound';
const listeners = new Set<() => void>();

function readEnabled(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    // Storage refused (private mode, policy): the default, on.
    return true;
  }
}

let enabled = typeof localStorage === 'undefined' ? true : readEnabled();

export function setAlarmSound(on: boolean): void {
  enabled = on;
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered across reloads, but the choice holds for this page.
  }
  for (const l of listeners) l();
}

/** The operator's choice, re-rendered wherever it is shown when it changes. */
export function useAlarmSoundEnabled(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => enabled,
  );
}

let audio: AudioContext | null = null;

/** Plays the beep, if the browser lets the page make sound now. */
export function playAlarm(): void {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
  // Creating an AudioContext before any interaction only gets a suspended one (and a console warning).
  if (activation && !activation.hasBeenActive) return;
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, start);
    [880, 660, 880].forEach((freq, i) => {
      const at = start + i * 0.18;
      const osc = ctx.createOscillator();
      osc.type = 'square';
      osc.frequency.setValueAtTime(freq, at);
      osc.connect(gain);
      gain.gain.setValueAtTime(0.12, at);
      gain.gain.setValueAtTime(0.0001, at + 0.14);
      osc.start(at);
      osc.stop(at + 0.15);
    });
  } catch {
    // No audio output on this machine (a video-wall PC without a sound card): the flash is the alarm.
  }
}

/** Alarm ids already sounded in this page, so a screen mounting again does not replay them. */
const heard = new Set<string>();

/** Sounds once for each live critical alarm not heard before, unless the operator muted it. */
export function useAlarmSound(alarmIds: readonly string[]): void {
  const key = alarmIds.join(',');
  useEffect(() => {
    // Muted alarms count as heard: unmuting does not replay them.
    const fresh = newAlarms(key ? key.split(',') : [], heard);
    if (fresh.length > 0 && enabled) playAlarm();
  }, [key]);
}
