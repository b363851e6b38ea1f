/**
 * A meeting page's dates: the next ones (cancelled, noted, in progress, who is going, "I'm going"),
 * the viewer's recent ones ("I attended", private to them), and a moderator's tools for one date.
 */
import { Link } from "@remix-run/react";
import { Form, SubmitButton } from "~/components/forms";
import type { MeetingPageData } from "./page-data.server";

export function NextMeetings({ data }: { data: MeetingPageData }) {
  const { meeting } = data;
  return (
    <section aria-labelledby="next-heading" className="stack">
      <h2 id="next-heading">{data.upcoming.length === 1 ? "The meeting" : "Next meetings"}</h2>
      {data.upcoming.length === 0 ? <p className="muted">This meeting has no coming dates.</p> : null}
      <ul className="plain-list occurrence-list">
        {data.upcoming.map((o) => (
          <li key={o.date} className={`card occurrence${o.cancelled ? " occurrence--cancelled" : ""}`}>
            <h3 className="occurrence__when">
              <time dateTime={o.startIso}>
                {o.label}, {o.when}
              </time>
            </h3>
            {o.ownWhen ? <p className="small muted">Meeting's own time: {o.ownWhen}</p> : null}
            {o.cancelled ? (
              <p className="occurrence__cancelled">
                <strong>Cancelled.</strong> {o.cancelReason}
              </p>
            ) : null}
            {o.note ? <p className="occurrence__note">Note: {o.note}</p> : null}
            {data.signedIn ? (
              <p className="small">
                {o.goingCount === 0 ? "Nobody has said they're going yet." : `${o.goingCount} going`}
                {o.goingNames.length > 0 ? `: ${o.goingNames.join(", ")}` : ""}
              </p>
            ) : null}
            {o.started && !o.cancelled ? (
              <p className="small">
                <span className="badge meeting-badge--live">In progress</span>
                {o.imGoing ? " You said you're going." : null}
              </p>
            ) : !o.cancelled ? (
              data.signedIn ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="date" value={o.date} />
                  {o.imGoing ? (
                    <>
                      <span className="badge meeting-badge--going">You're going</span>{" "}
                      <SubmitButton variant="secondary" name="intent" value="unrsvp">
                        Not going after all<span className="visually-hidden"> on {o.label}</span>
                      </SubmitButton>
                    </>
                  ) : (
                    <SubmitButton name="intent" value="rsvp">
                      I'm going<span className="visually-hidden"> on {o.label}</span>
                    </SubmitButton>
                  )}
                </Form>
              ) : (
                <p className="small">
                  <a href={`/login?redirectTo=${encodeURIComponent(`/meetings/${meeting.slug}`)}`}>Sign in</a> to say you're going.
                </p>
              )
            ) : null}
            {data.canManage ? <OccurrenceTools date={o.date} label={o.label} cancelled={o.cancelled} note={o.note} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function WereYouThere({ recent }: { recent: MeetingPageData["recent"] }) {
  if (recent.length === 0) return null;
  return (
    <section aria-labelledby="attended-heading" className="stack">
      <h2 id="attended-heading">Were you there?</h2>
      <p className="muted">
        Your attendance log is private: only you see it, under <Link to="/my-meetings">My meetings</Link>.
      </p>
      <ul className="plain-list">
        {recent.map((o) => (
          <li key={o.date} className="list-row attended-row">
            <span>{o.label}</span>
            <Form method="post" className="inline-form">
              <input type="hidden" name="date" value={o.date} />
              {o.attended ? (
                <>
                  <span className="badge meeting-badge--going">You attended</span>{" "}
                  <SubmitButton variant="secondary" name="intent" value="unattended">
                    Undo<span className="visually-hidden"> attendance on {o.label}</span>
                  </SubmitButton>
                </>
              ) : (
                <SubmitButton variant="secondary" name="intent" value="attended">
                  I attended<span className="visually-hidden"> on {o.label}</span>
                </SubmitButton>
              )}
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

function OccurrenceTools({ date, label, cancelled, note }: { date: string; label: string; cancelled: boolean; note: string }) {
  return (
    <details className="occurrence__tools">
      <summary>
        Moderator: change this date<span className="visually-hidden"> ({label})</span>
      </summary>
      {cancelled ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="date" value={date} />
          <SubmitButton variant="secondary" name="intent" value="restore">
            Take back the cancellation
          </SubmitButton>
        </Form>
      ) : (
        <Form method="post" className="form">
          <input type="hidden" name="date" value={date} />
          <div className="field">
            <label htmlFor={`reason-${date}`}>Reason for cancelling</label>
            <input id={`reason-${date}`} name="reason" maxLength={200} required minLength={3} />
          </div>
          <SubmitButton variant="danger" name="intent" value="cancel">
            Cancel this date
          </SubmitButton>
        </Form>
      )}
      <Form method="post" className="form">
        <input type="hidden" name="date" value={date} />
        <div className="field">
          <label htmlFor={`note-${date}`}>Note for this date</label>
          <input id={`note-${date}`} name="note" maxLength={300} defaultValue={note} placeholder="This week in room 2" />
        </div>
        <SubmitButton variant="secondary" name="intent" value="note">
          Save note
        </SubmitButton>
      </Form>
    </details>
  );
}
