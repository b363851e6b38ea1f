import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportMemberData } from "~/models/member-data.server";
import { privateDownload } from "~/utils/downloads.server";
import { requireRecoveryOwner } from "~/utils/recovery.server";

/** Everything the signed-in member owns, as JSON. Only ever their own. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db } = await requireRecoveryOwner(request, context);
  const data = await exportMemberData(db, user.id);
  return privateDownload(JSON.stringify(data, null, 2), "application/json; charset=utf-8", "harbor-data.json");
}
