import { Form, useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export interface FormState {
  ok?: boolean;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  message?: string;
}

/** The value a field should show: what was just typed (after a failed submit), else the stored one. */
export function fieldValue(state: FormState | undefined, name: string, stored = ""): string {
  return state?.values?.[name] ?? stored;
}

/**
 * A field's name, the value it should show and its error after a failed submit, to spread into a
 * field: `<TextField {...fieldProps(state, "name", stored)} label=… />` names the field once.
 */
export function fieldProps(state: FormState | undefined, name: string, stored = "") {
  return { name, defaultValue: fieldValue(state, name, stored), error: state?.errors?.[name] };
}

/** The message under a field that was wrong; its id is what the field's aria-describedby points at. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`}>
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  );
}

interface FieldShellProps {
  id: string;
  className?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}

/** A field's label, hint and error around its control (an input, a textarea, a select, a picker). */
export function FieldShell({ id, className, label, hint, error, children }: FieldShellProps) {
  return (
    <div className={`field${className ? ` ${className}` : ""}${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  /** The field's id where one page has several forms with the same field names (default `field-<name>`). */
  fieldId?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
};

export function TextField({ name, label, hint, error, type = "text", fieldId, ...rest }: InputProps) {
  const id = fieldId ?? `field-${name}`;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </FieldShell>
  );
}

/** A settings page's form: its "saved" line and form-wide errors above it, posted without the browser's own validation. */
export function SettingsForm({ state, children }: { state: FormState | undefined; children: ReactNode }) {
  return (
    <>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        {children}
      </Form>
    </>
  );
}

/** A settings form's whole-number fields, each with its label, hint, stored value and error. */
export function NumberFields({
  fields,
  stored,
  state,
}: {
  fields: readonly { name: string; label: string; hint?: string }[];
  stored: Record<string, number>;
  state: FormState | undefined;
}) {
  return fields.map((f) => (
    <TextField
      key={f.name}
      name={f.name}
      label={f.label}
      hint={f.hint}
      type="number"
      inputMode="numeric"
      min={0}
      defaultValue={fieldValue(state, f.name, String(stored[f.name]))}
      error={state?.errors?.[f.name]}
    />
  ));
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> & {
  name: string;
  /** The field's id where one page has several forms with the same field names (default `field-<name>`). */
  fieldId?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
};

/** A new password (signing up, setting up the site, changing it, after a reset), with the same hint everywhere. */
export function NewPasswordField({ error, label = "New password", name = "newPassword" }: { error?: string; label?: string; name?: string }) {
  return (
    <TextField
      name={name}
      type="password"
      label={label}
      hint="At least 10 characters. A few words you'll remember work well."
      autoComplete="new-password"
      required
      minLength={10}
      error={error}
    />
  );
}

/** The password an account already has (signing in, finishing joining, before changing it). */
export function CurrentPasswordField({ error, name = "password", label = "Password", hint }: { error?: string; name?: string; label?: string; hint?: ReactNode }) {
  return <TextField name={name} type="password" label={label} hint={hint} autoComplete="current-password" required error={error} />;
}

/** The member's current password, asked again before a change that matters (a new e-mail address, deleting the account). */
export function ConfirmPasswordField({ error }: { error?: string }) {
  return <CurrentPasswordField label="Your password" hint="To keep your account safe, confirm it's you." error={error} />;
}

/** The display name members see (the schema's displayNameField: up to 40 characters), keeping what was typed. */
export function DisplayNameField({ state, error, hint, stored }: { state: FormState | undefined; error?: string; hint: ReactNode; stored?: string }) {
  return (
    <TextField
      name="displayName"
      label="Display name"
      hint={hint}
      autoComplete="nickname"
      required
      maxLength={40}
      defaultValue={fieldValue(state, "displayName", stored)}
      error={error}
    />
  );
}

/** The e-mail address an account signs in with (the schema's emailField: up to 254 characters), keeping what was typed. */
export function EmailField({ state, error, hint, label = "E-mail address" }: { state: FormState | undefined; error?: string; hint?: ReactNode; label?: string }) {
  return <TextField name="email" type="email" label={label} hint={hint} autoComplete="email" required maxLength={254} defaultValue={fieldValue(state, "email")} error={error} />;
}

export function TextareaField({ name, label, hint, error, fieldId, ...rest }: TextareaProps) {
  const id = fieldId ?? `field-${name}`;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </FieldShell>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> & {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  options: readonly { value: string; label: string }[];
};

export function SelectField({ name, label, hint, error, options, ...rest }: SelectProps) {
  const id = `field-${name}`;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type"> & {
  name: string;
  label: string;
  error?: string;
};

export function CheckboxField({ name, label, error, ...rest }: CheckboxProps) {
  const id = `field-${name}`;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <div className="checkbox">
        <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest} />
        <label htmlFor={id}>{label}</label>
      </div>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Several inputs under one legend (checkboxes, radios, a row of fields), with one error for the group like any other field's. */
export function FieldGroup({
  name,
  legend,
  hint,
  error,
  className,
  children,
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  const id = `field-${name}`;
  return (
    <fieldset className={`fieldset${className ? ` ${className}` : ""}${error ? " field--invalid" : ""}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="field__hint">{hint}</p> : null}
      {children}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

/** Checkboxes or radio buttons, one per option, each with its label (ids field-<name>-<value>). */
export function Choices({
  type,
  name,
  options,
  checked,
}: {
  type: "checkbox" | "radio";
  name: string;
  options: readonly { value: string; label: string }[];
  checked: (value: string) => boolean;
}) {
  return (
    <>
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input type={type} id={`field-${name}-${o.value}`} name={name} value={o.value} defaultChecked={checked(o.value)} />
          <label htmlFor={`field-${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </>
  );
}

/** A set of radio buttons under one legend, with its error like any other field's. */
export function RadioGroupField({ name, legend, options, value, error }: { name: string; legend: string; options: Record<string, string>; value: string; error?: string }) {
  return (
    <FieldGroup name={name} legend={legend} error={error}>
      <Choices type="radio" name={name} options={Object.entries(options).map(([v, label]) => ({ value: v, label }))} checked={(v) => v === value} />
    </FieldGroup>
  );
}

/** Form-wide problems (and a count of field problems), announced to screen readers. */
export function FormErrors({ state }: { state: FormState | undefined }) {
  if (!state?.errors) return null;
  const { form, ...fields } = state.errors;
  const count = Object.keys(fields).length;
  if (!form && count === 0) return null;
  return (
    <div className="alert alert--error" role="alert">
      {form ? <p>{form}</p> : null}
      {count > 0 ? <p>{count === 1 ? "Please check the field marked below." : `Please check the ${count} fields marked below.`}</p> : null}
    </div>
  );
}

/** A success message after a form was saved. */
export function SavedMessage({ state }: { state: FormState | undefined }) {
  if (!state?.ok || !state.message) return null;
  return (
    <div className="alert alert--success" role="status">
      <p>{state.message}</p>
    </div>
  );
}

/** A submit button that can't be pressed twice while its form is on its way. */
export function SubmitButton({ children, variant = "primary", name, value }: { children: ReactNode; variant?: "primary" | "secondary" | "danger"; name?: string; value?: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button type="submit" className={`button button--${variant}`} disabled={busy} aria-disabled={busy || undefined} name={name} value={value}>
      {children}
    </button>
  );
}

export { Form };
