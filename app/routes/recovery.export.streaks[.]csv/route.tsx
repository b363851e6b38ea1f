import type { LoaderFunctionArgs } from "@remix-run/node";
import { streaksCsv } from "~/models/member-data.server";
import { privateDownload } from "~/utils/downloads.server";
import { requireRecoveryOwner } from "~/utils/recovery.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db } = await requireRecoveryOwner(request, context);
  return privateDownload(await streaksCsv(db, user.id), "text/csv; charset=utf-8", "harbor-streaks.csv");
}
