import { Form } from "@remix-run/react";

/** A search form that works without JavaScript: GET /search?q=…(&group=…). */
export function SearchBox({ id, label, group, defaultValue, primary = false }: { id: string; label: string; group?: string; defaultValue?: string; primary?: boolean }) {
  return (
    <Form method="get" action="/search" role="search" className="search-form">
      <label htmlFor={id}>{label}</label>
      <div className="search-form__row">
        <input id={id} type="search" name="q" maxLength={200} defaultValue={defaultValue} />
        {group ? <input type="hidden" name="group" value={group} /> : null}
        <button type="submit" className={`button button--${primary ? "primary" : "secondary"}`}>
          Search
        </button>
      </div>
    </Form>
  );
}
