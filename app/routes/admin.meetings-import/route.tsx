import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxField, Form, FormErrors, SelectField, SubmitButton } from "~/components/forms";
import { FeedError, importFeed, MAX_FEED_BYTES, parseFeed, TOO_LARGE_MESSAGE, type ImportReport } from "~/models/meeting-import.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { isValidTimeZone } from "~/utils/time";
import { zonePickerChoices } from "~/utils/time-zones.server";
import { ZonePicker } from "~/components/zone-picker";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Import meetings · Admin");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "admin:console");
  const groups = await getDb().selectFrom("groups").select(["id", "name", "visibility"]).orderBy("name").execute();
  return { groups, timeZones: zonePickerChoices(request, user.user.time_zone), defaultZone: user.user.time_zone, maxMb: MAX_FEED_BYTES / 1024 / 1024 };
}

type Failure = { ok: false; errors: Record<string, string> };
type Success = { ok: true; report: ImportReport; groupName: string; fileName: string };

const tooLarge = (): Failure => ({ ok: false, errors: { file: TOO_LARGE_MESSAGE } });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "admin:console");
  // The server's body limit for this route (issue 20) marks an upload over it instead of failing the page.
  if ((context as { bodyTooLarge?: boolean } | undefined)?.bodyTooLarge) return data<Failure>(tooLarge(), { status: 413 });
  // Refuse an oversized upload before reading it.
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_FEED_BYTES + 64 * 1024) return data<Failure>(tooLarge(), { status: 413 });
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FEED_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data<Failure>(tooLarge(), { status: 413 });
    return data<Failure>({ ok: false, errors: { form: "We couldn't read that upload. Please choose the file again." } }, { status: 400 });
  }
  const errors: Record<string, string> = {};
  const groupId = Number(formData.get("groupId"));
  const db = getDb();
  const group = Number.isInteger(groupId) ? await db.selectFrom("groups").select(["id", "name"]).where("id", "=", groupId).executeTakeFirst() : undefined;
  if (!group) errors.groupId = "Choose the group the meetings belong to.";
  const zone = String(formData.get("timeZone") ?? "");
  if (!isValidTimeZone(zone)) errors.timeZone = "Choose a time zone from the list.";
  const file = formData.get("file");
  if (!(file instanceof Blob) || file.size === 0) errors.file = "Choose a Meeting Guide feed file (.json).";
  if (Object.keys(errors).length) return data<Failure>({ ok: false, errors }, { status: 400 });
  let items: unknown[];
  try {
    items = parseFeed(await (file as Blob).text());
  } catch (error) {
    if (error instanceof FeedError) return data<Failure>({ ok: false, errors: { file: error.message } }, { status: 400 });
    throw error;
  }
  const archiveMissing = formData.get("archiveMissing") === "on";
  const report = await importFeed(db, items, { groupId: group!.id, defaultTimeZone: zone, actorId: user.user.id, archiveMissing });
  return { ok: true, report, groupName: group!.name, fileName: (file as File).name ?? "feed.json" } satisfies Success;
}

export default function ImportMeetings() {
  const { groups, timeZones, defaultZone, maxMb } = useLoaderData<typeof loader>();
  const state = useActionData<Failure | Success>();
  const errors = state && !state.ok ? state.errors : {};
  return (
    <div className="stack">
      <h1>Import meetings</h1>
      <p className="lead">
        Bring in a Meeting Guide JSON feed (from a 12 Step Meeting List site, a Google Sheet export or another Harbor). Meetings are matched by their slug within the group:
        importing the same feed again updates them, and the report says what was added, changed, unchanged, missing from the feed or skipped.
      </p>
      <p className="muted">
        From the command line: <code>npm run meetings:import -- --group &lt;group-slug&gt; --file feed.json --time-zone America/New_York [--archive-missing]</code>
      </p>
      {/* The report first: after an import it is what the admin came for (the form stays below for another). */}
      {state?.ok ? <Report state={state} /> : null}
      <FormErrors state={state && !state.ok ? { errors } : undefined} />
      <Form method="post" encType="multipart/form-data" className="form" noValidate>
        <div className={`field${errors.file ? " field--invalid" : ""}`}>
          <label htmlFor="field-file">Feed file (.json)</label>
          <p className="field__hint" id="field-file-hint">
            Up to {maxMb} MB.
          </p>
          <input
            id="field-file"
            type="file"
            name="file"
            accept="application/json,.json"
            aria-describedby={`field-file-hint${errors.file ? " field-file-error" : ""}`}
            aria-invalid={errors.file ? true : undefined}
          />
          {errors.file ? (
            <p className="field__error" id="field-file-error">
              <span aria-hidden="true">⚠ </span>
              {errors.file}
            </p>
          ) : null}
        </div>
        <SelectField
          name="groupId"
          label="Into the group"
          options={groups.map((g) => ({ value: String(g.id), label: `${g.name}${g.visibility === "public" ? "" : ` (${g.visibility})`}` }))}
          error={errors.groupId}
        />
        <ZonePicker
          name="timeZone"
          label="Time zone for meetings without one"
          hint="Many feeds have no time zone: their meetings get this one (the report says how many)."
          regions={timeZones}
          defaultValue={defaultZone}
          error={errors.timeZone}
        />
        <CheckboxField
          name="archiveMissing"
          label="Archive the group's meetings that the feed no longer has (they leave the directory and feeds; members' attendance history keeps them). Unticked, they are only listed."
        />
        <div className="button-row">
          <SubmitButton>Import</SubmitButton>
        </div>
      </Form>
    </div>
  );
}

function Report({ state }: { state: Success }) {
  const { report } = state;
  const unknown = Object.entries(report.unknownTypes);
  return (
    <section aria-labelledby="report-heading" className="card stack import-report">
      <h2 id="report-heading">Import report: {state.fileName}</h2>
      <p>
        Into {state.groupName}: <strong>{report.added.length}</strong> added, <strong>{report.changed.length}</strong> changed, <strong>{report.unchanged.length}</strong>{" "}
        unchanged, <strong>{report.missing.length}</strong> missing from the feed, <strong>{report.skipped.length}</strong> skipped.
      </p>
      {report.defaultZoneUsed > 0 ? (
        <p>
          {report.defaultZoneUsed} meeting{report.defaultZoneUsed === 1 ? " had" : "s had"} no time zone in the feed: they are set to <strong>{report.defaultTimeZone}</strong>.
        </p>
      ) : null}
      {unknown.length > 0 ? <p>Type codes left out (not in the Meeting Guide list): {unknown.map(([code, n]) => `${code} (${n})`).join(", ")}.</p> : null}
      {report.missing.length > 0 ? (
        <>
          <h3>Missing from the feed</h3>
          <p>
            {report.archived > 0
              ? `Archived: ${report.archived}. They no longer appear in the directory or the feeds.`
              : "Still listed. Import again with “Archive …” ticked to take them out of the directory."}
          </p>
          <ul>
            {report.missing.map((m) => (
              <li key={m.slug}>
                <a href={m.url}>{m.name}</a> ({m.slug})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ItemList title="Added" items={report.added} />
      <ItemList title="Changed" items={report.changed} />
      {report.skipped.length > 0 ? (
        <>
          <h3>Skipped</h3>
          <ul>
            {report.skipped.map((s, i) => (
              <li key={`${s.slug}-${i}`}>
                <strong>{s.name}</strong>
                {s.slug ? <> ({s.slug})</> : null}: {s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.warnings.length > 0 ? (
        <>
          <h3>Imported with changes</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={`${w.slug}-${i}`}>
                <strong>{w.name}</strong>: {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to="/meetings">See the meetings</Link>
      </p>
    </section>
  );
}

function ItemList({ title, items }: { title: string; items: { slug: string; name: string }[] }) {
  if (items.length === 0) return null;
  return (
    <details>
      <summary>
        {title} ({items.length})
      </summary>
      <ul>
        {items.map((m) => (
          <li key={m.slug}>
            <a href={`/meetings/${m.slug}`}>{m.name}</a>
          </li>
        ))}
      </ul>
    </details>
  );
}
