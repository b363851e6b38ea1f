/** A meeting page's "How to attend": the place (with directions) or the online meeting's area and link. */
import { TypeList } from "~/components/meetings";
import type { MeetingPageData } from "./page-data.server";

export function HowToAttend({ meeting, updated, updatedIso }: { meeting: MeetingPageData["meeting"]; updated: string; updatedIso: string }) {
  return (
    <section aria-labelledby="how-heading" className="card stack">
      <h2 id="how-heading">How to attend</h2>
      {meeting.closed && meeting.place ? <p className="alert alert--info">The location is temporarily closed.{meeting.online ? " The meeting continues online." : ""}</p> : null}
      {meeting.place ? (
        <div className="meeting-place">
          <h3>In person</h3>
          {meeting.place.name ? (
            <p>
              <strong>{meeting.place.name}</strong>
            </p>
          ) : null}
          <p className="preserve-lines">{meeting.place.address}</p>
          {meeting.place.notes ? <p className="preserve-lines muted">{meeting.place.notes}</p> : null}
          <Directions place={meeting.place} />
        </div>
      ) : null}
      {meeting.online ? (
        <div className="meeting-online">
          <h3>Online</h3>
          {meeting.area ? <p className="meeting-area">Online · based in {meeting.area}</p> : null}
          {meeting.online.url ? (
            <p>
              <a href={meeting.online.url} className="button button--primary" rel="noopener noreferrer" target="_blank">
                Join on {meeting.online.provider ?? "video"}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </p>
          ) : null}
          {meeting.online.urlNotes ? <p className="preserve-lines muted">{meeting.online.urlNotes}</p> : null}
          {meeting.online.phone ? (
            <p>
              Dial in: <a href={`tel:${meeting.online.phone}`}>{meeting.online.phone}</a>
            </p>
          ) : null}
          {meeting.online.phoneNotes ? <p className="preserve-lines muted">{meeting.online.phoneNotes}</p> : null}
        </div>
      ) : null}
      <TypeList types={meeting.types} />
      {meeting.notes ? <p className="preserve-lines">{meeting.notes}</p> : null}
      <p className="small muted">
        Updated <time dateTime={updatedIso}>{updated}</time>
      </p>
    </section>
  );
}

/**
 * Directions to a specific place: plain links, nothing loaded until the reader follows one — the
 * device's maps app (geo:) when the place has coordinates, and the address on OpenStreetMap.
 */
function Directions({ place }: { place: { address: string; lat: number | null; lon: number | null } }) {
  if (!place.address && place.lat === null) return null;
  return (
    <p className="small meeting-directions">
      Directions:{" "}
      {place.lat !== null && place.lon !== null ? (
        <>
          <a href={`geo:${place.lat},${place.lon}`}>open in your maps app</a> ·{" "}
        </>
      ) : null}
      {place.address ? (
        <a href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(place.address)}`} rel="noopener noreferrer nofollow">
          find the address on OpenStreetMap
        </a>
      ) : null}
    </p>
  );
}
