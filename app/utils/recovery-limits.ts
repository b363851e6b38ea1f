/** Limits of the recovery area's fields. Browser-safe: route modules use them in schemas and inputs. */
export const TRACKER_NAME_MAX = 60;
export const SLIP_NOTE_MAX = 4000;
export const CHECKIN_NOTE_MAX = 2000;
export const JOURNAL_MAX = 20_000;
export const MEDICATION_MAX = 80;
export const TAPER_NOTE_MAX = 500;
