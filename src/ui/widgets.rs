//! Small pieces shared by pages.

use leptos::prelude::*;

use crate::domain::fields::FieldError;
use crate::domain::model::Pupil;
use crate::storage::StorageError;

/// The pupil's flags as short badges, each with its full name for screen readers and on hover.
#[component]
pub fn Flags(pupil: Pupil) -> impl IntoView {
    let flags = [
        (
            pupil.disadvantaged,
            "PP",
            "Pupil premium or free school meals",
        ),
        (
            pupil.send,
            "SEND",
            "Special educational needs or disabilities",
        ),
        (pupil.eal, "EAL", "English as an additional language"),
    ];
    view! {
        <span class="flags">
            {flags
                .into_iter()
                .filter(|(on, _, _)| *on)
                .map(|(_, short, long)| view! {
                    <abbr class="flag" title=long>
                        <span aria-hidden="true">{short}</span>
                        <span class="visually-hidden">{long}</span>
                    </abbr>
                })
                .collect_view()}
        </span>
    }
}

/// A storage failure shown where the data would have been.
#[component]
pub fn StorageProblem(error: StorageError) -> impl IntoView {
    view! { <p class="status status-error" role="alert">{error.to_string()}</p> }
}

/// The message for `field` among `errors`, if any.
pub fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    })
}

/// A field's `aria-describedby`: its hint (if it has one) and its error while one is shown,
/// as `{id}-hint` and `{id}-error`.
pub fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + 'static {
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled text input with its hint and error, wired for screen readers.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = field_error(errors, id);
    view! {
        <FieldFrame id=id label=label hint=hint error=error>
            <input
                id=id
                name=id
                type=kind
                autocomplete=if autocomplete.is_empty() { "off" } else { autocomplete }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(id, !hint.is_empty(), error)
            />
        </FieldFrame>
    }
}

/// A field's label, hint and error around its input, with the ids `described_by` names.
/// `alert`: the error is announced as it appears (codes on the lock screen).
#[component]
pub fn FieldFrame(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    error: Signal<Option<String>>,
    #[prop(optional)] alert: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{id}-hint")>{hint}</span> })}
            {children()}
            {move || error.get().map(|msg| view! { <p class="field-error" role=alert.then_some("alert") id=format!("{id}-error")>{msg}</p> })}
        </div>
    }
}

/// A labelled select of `(value, label)` options.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let error = field_error(errors, id);
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.get().is_some().then(|| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                name=id
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let this = v.clone();
                            view! { <option value=v prop:selected=move || value.get() == this>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|msg| view! { <p class="field-error" id=error_id.clone()>{msg}</p> })}
        </div>
    }
}

#[component]
pub fn Checkbox(id: &'static str, label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="check-field">
            <input
                id=id
                name=id
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// The app's own address (scheme, host and any base path), so a link works wherever it is served.
pub fn app_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// A QR code of `text` as SVG markup; `None` if the text is too long for any QR version.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}
