/**
 * The guards every guide page starts with (rules: app/policy/guides.ts). A guide the viewer may not
 * read does not exist for them: 404, the same for a draft, a members-only guide asked for by a
 * visitor, and an address with no guide, so none of them leaks.
 */
import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { createGuide, getGuideBySlug, GuideError, updateGuide, type GuideRow } from "../models/guides/guides.server";
import { formFailure, parseForm, rejectForm } from "./forms.server";
import { slugify } from "./group-labels";
import { guideSchema } from "./guide-form";
import { renderMarkdown } from "./markdown.server";
import type { ValidatedSession } from "../models/sessions.server";
import { maySeeGuide, mayWriteGuides, type Viewer } from "../policy";
import { getAuth, requireAuth } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./groups.server";

export function viewerOf(auth: ValidatedSession | null): Viewer {
  return auth ? { id: auth.user.id, role: auth.user.role } : null;
}

/** The guide at `slug` if the viewer may read it; otherwise 404. */
export async function requireReadableGuide(request: Request, context: Partial<AppLoadContext> | undefined, slug: string | undefined) {
  const auth = await getAuth(request, context);
  const viewer = viewerOf(auth);
  const guide = slug ? await getGuideBySlug(getDb(), slug) : undefined;
  if (!guide || !maySeeGuide(viewer, guide)) throw notFound();
  return { auth, viewer, guide };
}

/** Signed in, and an editor or admin; otherwise 403 with a sentence. */
export async function requireGuideWriter(request: Request, context: Partial<AppLoadContext> | undefined) {
  const auth = await requireAuth(request, context);
  if (!mayWriteGuides(viewerOf(auth))) throw new Response("Only editors and admins write guides. Ask an admin if you'd like to help with the library.", { status: 403 });
  return auth;
}

/** The guide at `slug` for its editors (drafts included); 403 for others, 404 when there is none. */
export async function requireEditableGuide(
  request: Request,
  context: Partial<AppLoadContext> | undefined,
  slug: string | undefined,
): Promise<{ auth: ValidatedSession; guide: GuideRow }> {
  const auth = await requireGuideWriter(request, context);
  const guide = slug ? await getGuideBySlug(getDb(), slug) : undefined;
  if (!guide) throw notFound();
  return { auth, guide };
}

/**
 * The action of the new and edit pages: check the form, preview it, or save it (a new guide or a
 * new revision, publishing or unpublishing with it) in one transaction. Bad input answers 400 (409
 * for a taken address) with a message at the field and what was typed; nothing is written.
 */
export async function saveGuideForm(request: Request, authorId: string, existing: GuideRow | null) {
  const form = await parseForm(request, guideSchema);
  if (!form.ok) return rejectForm(form);
  const { intent, ...fields } = form.data;
  const typed = { ...fields, collectionId: fields.collectionId === null ? "" : String(fields.collectionId), reviewed: fields.reviewed ? "on" : "" };
  if (intent === "preview") return data({ ok: false as const, preview: renderMarkdown(fields.body), errors: {} as Record<string, string>, values: typed }, { status: 200 });
  const slug = fields.slug || slugify(fields.title);
  if (!slug) return formFailure({ slug: "Give the guide an address, like sleep-in-early-recovery." }, typed);
  const input = { ...fields, slug };
  const status = intent === "publish" ? "published" : intent === "unpublish" ? "draft" : (existing?.status ?? "draft");
  try {
    const saved = existing ? await updateGuide(getDb(), existing.id, authorId, input, status) : await createGuide(getDb(), authorId, input, status);
    return redirect(`/guides/${saved.slug}`);
  } catch (error) {
    if (error instanceof GuideError) return formFailure({ [error.field]: error.message }, typed, error.status);
    throw error;
  }
}
