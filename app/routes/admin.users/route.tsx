import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { findMembers } from "~/models/moderation.server";
import { countUsersByRole, getPublicProfile, LastAdminError, listUsers, setUserRole } from "~/models/users.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseFormData, readForm, rejectForm, unreadableForm } from "~/utils/forms.server";
import { setStaffRole, staffRolesOf } from "~/models/circle/staff-roles.server";
import { ROLE_LABELS, ROLES } from "~/utils/permissions";
import type { Role } from "../../../db/schema";
import { formatDate } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Members · Admin");

export const roleSchema = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(ROLES as [Role, ...Role[]], { errorMap: () => ({ message: "Choose member, editor or admin." }) }),
});

/** The care-team staff role (support circle): granted and removed here, like the site roles. */
export const careTeamSchema = z.object({
  intent: z.literal("care-team"),
  userId: z.string().min(1).max(100),
  grant: z.enum(["1", "0"], { errorMap: () => ({ message: "Choose to add or remove the care-team role." }) }),
});

/** Cursor for keyset pagination: `<created_at>~<id>`. A malformed cursor just starts at the top. */
function parseCursor(raw: string | null): { createdAt: string; id: string } | undefined {
  if (!raw) return undefined;
  const [createdAt, id] = raw.split("~");
  return createdAt && id && !Number.isNaN(Date.parse(createdAt)) ? { createdAt, id } : undefined;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, context, "user:role");
  const url = new URL(request.url);
  const after = parseCursor(url.searchParams.get("after"));
  const db = getDb();
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const [page, counts] = await Promise.all([q.trim() ? findMembers(db, q).then((users) => ({ users, next: null })) : listUsers(db, { after }), countUsersByRole(db)]);
  const staff = await staffRolesOf(
    db,
    page.users.map((u) => u.id),
  );
  return {
    q,
    users: page.users.map((u) => ({
      id: u.id,
      displayName: u.display_name,
      role: u.role,
      joined: formatDate(u.created_at, user.time_zone),
      isSelf: u.id === user.id,
      // Harbor always keeps one admin: the only one cannot be made a member.
      isOnlyAdmin: u.role === "admin" && counts.admin === 1,
      careTeam: (staff.get(u.id) ?? []).includes("care_team"),
    })),
    next: page.next ? `${page.next.createdAt}~${page.next.id}` : null,
    isFirstPage: !after,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "user:role");
  const formData = await readForm(request);
  if (!formData) return unreadableForm();
  const db = getDb();
  if (formData.get("intent") === "care-team") {
    const care = parseFormData(formData, careTeamSchema);
    if (!care.ok) return rejectForm(care);
    const member = await getPublicProfile(db, care.data.userId);
    if (!member) return formFailure({ form: "That member no longer exists." }, {}, 404);
    const grant = care.data.grant === "1";
    await setStaffRole(db, user.id, member.id, "care_team", grant);
    return { ok: true as const, message: grant ? `${member.display_name} is now on the care team.` : `${member.display_name} is no longer on the care team.` };
  }
  const form = parseFormData(formData, roleSchema);
  if (!form.ok) return rejectForm(form);
  const target = await getPublicProfile(db, form.data.userId);
  if (!target) return formFailure({ form: "That member no longer exists." }, {}, 404);
  try {
    await setUserRole(db, target.id, form.data.role);
  } catch (error) {
    if (error instanceof LastAdminError) return formFailure({ form: error.message }, {}, 409);
    throw error;
  }
  return { ok: true as const, message: `${target.display_name} is now ${ROLE_LABELS[form.data.role].withArticle}.` };
}

export default function AdminUsers() {
  const { users, next, isFirstPage, q } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>Members</h1>
      <p className="muted">Newest first. E-mail addresses stay private, even here.</p>
      <form method="get" className="search-form" role="search" aria-label="Find a member">
        <label htmlFor="member-q">Find a member by display name or e-mail address</label>
        <div className="search-form__row">
          <input id="member-q" name="q" type="search" defaultValue={q} />
          <button type="submit" className="button button--secondary">
            Find
          </button>
        </div>
      </form>
      {q ? (
        <p className="small">
          {users.length ? `Matches for “${q}”.` : `No member matches “${q}”.`} <Link to="/admin/users">Show everyone</Link>
        </p>
      ) : null}
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <div className="table-wrap">
        <table className="stack-table">
          <caption className="muted small">Members and their roles</caption>
          <thead>
            <tr>
              <th scope="col">Display name</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">Change roles</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td data-label="Display name">
                  <Link to={`/members/${u.id}`}>{u.displayName}</Link>
                  {u.isSelf ? " (you)" : ""}
                  {!u.isSelf ? (
                    <div className="small">
                      <Link to={`/moderation/review/member/${u.id}`}>
                        Moderation history<span className="visually-hidden"> of {u.displayName}</span>
                      </Link>
                    </div>
                  ) : null}
                </td>
                <td data-label="Role">
                  {u.role === "admin" ? <span className="badge badge--admin">Admin</span> : (ROLE_LABELS[u.role as Role]?.name ?? "Member")}
                  {u.careTeam ? (
                    <>
                      {" "}
                      <span className="badge">Care team</span>
                    </>
                  ) : null}
                </td>
                <td data-label="Joined">{u.joined}</td>
                <td data-label="Change roles">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="care-team" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="grant" value={u.careTeam ? "0" : "1"} />
                    <SubmitButton variant="secondary">
                      {u.careTeam ? "Remove from care team" : "Add to care team"}
                      <span className="visually-hidden"> ({u.displayName})</span>
                    </SubmitButton>
                  </Form>
                  {u.isOnlyAdmin ? (
                    <span className="muted small">The only admin</span>
                  ) : (
                    <Form method="post" className="role-form">
                      <input type="hidden" name="userId" value={u.id} />
                      {/* Admins make editors (who write guides) and admins; everyone is a member. */}
                      {ROLES.filter((r) => r !== u.role).map((r) => (
                        <SubmitButton key={r} variant="secondary" name="role" value={r}>
                          Make {ROLE_LABELS[r].name.toLowerCase()}
                          <span className="visually-hidden"> ({u.displayName})</span>
                        </SubmitButton>
                      ))}
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {!isFirstPage ? <Link to="/admin/users">← Newest members</Link> : <span />}
        {next ? <Link to={`/admin/users?after=${encodeURIComponent(next)}`}>Older members →</Link> : null}
      </nav>
    </div>
  );
}
