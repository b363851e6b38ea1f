/** The spec's group, contact and 7th-tradition fields on a meeting's page (names never carry last names). */
import type { MeetingContact } from "../../db/schema/meetings";
import { HANDLES, type HandleKind } from "~/utils/meeting-details";

export interface MeetingDetailsView {
  meetingGroup: string;
  groupNotes: string;
  contacts: MeetingContact[];
  website: string;
  feedbackUrl: string;
  handles: { kind: HandleKind; handle: string }[];
}

export function MeetingDetails({ details }: { details: MeetingDetailsView }) {
  const { meetingGroup, groupNotes, contacts, website, feedbackUrl, handles } = details;
  if (!meetingGroup && !groupNotes && contacts.length === 0 && !website && !feedbackUrl && handles.length === 0) return null;
  return (
    <section aria-labelledby="details-heading" className="card stack meeting-details">
      <h2 id="details-heading">{meetingGroup || "Group and contacts"}</h2>
      {groupNotes ? <p className="preserve-lines">{groupNotes}</p> : null}
      {website ? (
        <p>
          <a href={website} rel="noopener noreferrer">
            Group website
          </a>
        </p>
      ) : null}
      {contacts.length > 0 ? (
        <>
          <h3>Contacts</h3>
          <ul className="plain-list">
            {contacts.map((c, i) => (
              <li key={i}>
                {c.name ? <strong>{c.name}</strong> : null}
                {c.phone ? (
                  <>
                    {" "}
                    · <a href={`tel:${c.phone}`}>{c.phone}</a>
                  </>
                ) : null}
                {c.email ? (
                  <>
                    {" "}
                    · <a href={`mailto:${c.email}`}>{c.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {handles.length > 0 ? (
        <>
          <h3>7th Tradition</h3>
          <ul className="plain-list">
            {handles.map((h) => (
              <li key={h.kind}>
                {HANDLES[h.kind].label}:{" "}
                <a href={HANDLES[h.kind].link(h.handle)} rel="noopener noreferrer">
                  {h.handle}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {feedbackUrl ? (
        <p className="small">
          <a href={feedbackUrl} rel="noopener noreferrer">
            Report a mistake in this listing
          </a>
        </p>
      ) : null}
    </section>
  );
}
