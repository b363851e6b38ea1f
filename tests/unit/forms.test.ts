import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listFields, parseForm, parseFormData } from "../../app/utils/forms.server";

function formOf(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

const schema = z.object({
  name: z.string().min(2, "Please enter a name."),
  days: z.array(z.enum(["0", "1", "2", "3", "4", "5", "6"], { errorMap: () => ({ message: "Days are 0 to 6." }) })).min(1, "Choose a day."),
  password: z.string().optional(),
});

describe("parseForm", () => {
  it("gives an array field every value sent under its name, in order, and a text field its first value", () => {
    const form = parseFormData(
      formOf([
        ["name", "Tuesday Hope"],
        ["days", "2"],
        ["days", "4"],
        ["name", "ignored"],
      ]),
      schema,
    );
    expect(form).toMatchObject({ ok: true, data: { name: "Tuesday Hope", days: ["2", "4"] } });
  });

  it("checks each value of a list with the schema: a bad one is a field error, and what was typed and ticked comes back", () => {
    const form = parseFormData(
      formOf([
        ["name", "Tuesday Hope"],
        ["days", "2"],
        ["days", "9"],
        ["password", "hunter22hunter"],
      ]),
      schema,
    );
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors).toEqual({ days: "Days are 0 to 6." });
    expect(form.values).toEqual({ name: "Tuesday Hope" });
    expect(form.lists).toEqual({ days: ["2", "9"] });
  });

  it("sees an unticked group of checkboxes as an empty list, with the schema's message", () => {
    const form = parseFormData(formOf([["name", "Tuesday Hope"]]), schema);
    expect(form.ok ? null : form.errors).toEqual({ days: "Choose a day." });
    expect(form.ok ? null : form.lists).toEqual({ days: [] });
  });

  it("finds list fields through refinements, optional fields and unions", () => {
    const wrapped = z.discriminatedUnion("intent", [
      z.object({ intent: z.literal("a"), tags: z.array(z.string()).optional() }),
      z.object({ intent: z.literal("b"), ids: z.array(z.coerce.number()).default([]) }),
    ]);
    expect([...listFields(wrapped.refine(() => true))].sort()).toEqual(["ids", "tags"]);
    expect(
      parseFormData(
        formOf([
          ["intent", "b"],
          ["ids", "3"],
          ["ids", "5"],
        ]),
        wrapped,
      ),
    ).toMatchObject({ ok: true, data: { intent: "b", ids: [3, 5] } });
  });

  it("answers a body that is not a form with a form-wide message, not an exception", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: "{", headers: { "Content-Type": "multipart/form-data; boundary=nothing" } });
    const form = await parseForm(request, schema);
    expect(form).toEqual({ ok: false, errors: { form: "We couldn't read that form. Please try again." }, values: {}, lists: {} });
  });
});
