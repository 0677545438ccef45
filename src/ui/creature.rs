//! The imaginary creature beside alien (pseudo) words, drawn as SVG from the domain's
//! description, so the check, the progress checks and practice cards share one drawing.

use leptos::prelude::*;

use crate::domain::screening::creature::{Body, Creature, Mouth};

#[component]
pub fn CreatureSvg(creature: Creature) -> impl IntoView {
    let fill = format!("hsl({} 45% 78%)", creature.hue);
    let line = format!("hsl({} 35% 30%)", creature.hue);
    let spot = format!("hsl({} 40% 62%)", (creature.hue + 40) % 360);
    let body_path = match creature.body {
        Body::Round => "M60 50c28 0 46 20 46 48s-18 42-46 42-46-14-46-42 18-48 46-48z",
        Body::Tall => "M60 30c22 0 34 18 34 50v34c0 18-14 26-34 26s-34-8-34-26V80c0-32 12-50 34-50z",
        Body::Wide => "M60 62c34 0 54 14 54 40s-20 38-54 38-54-12-54-38 20-40 54-40z",
        Body::Pear => "M60 36c18 0 26 14 26 28 0 10 22 22 22 46 0 20-20 30-48 30s-48-10-48-30c0-24 22-36 22-46 0-14 8-28 26-28z",
    };
    let top = match creature.body {
        Body::Tall => 30.0,
        Body::Pear => 36.0,
        Body::Round => 50.0,
        Body::Wide => 62.0,
    };
    let eye_y = top + 26.0;
    let eyes: Vec<f64> = match creature.eyes {
        1 => vec![60.0],
        2 => vec![46.0, 74.0],
        _ => vec![40.0, 60.0, 80.0],
    };
    let antennae: Vec<(f64, f64)> = match creature.antennae {
        0 => vec![],
        1 => vec![(60.0, 60.0)],
        _ => vec![(48.0, 36.0), (72.0, 84.0)],
    };
    let mouth_y = eye_y + 26.0;
    let mouth = match creature.mouth {
        Mouth::Smile => format!("M46 {mouth_y}q14 12 28 0"),
        Mouth::Grin => format!("M42 {mouth_y}q18 16 36 0z"),
        Mouth::Open => format!("M52 {mouth_y}q8 10 16 0q-8 -4 -16 0z"),
    };
    let spots: Vec<(f64, f64)> = [
        (38.0, 118.0),
        (82.0, 116.0),
        (60.0, 128.0),
        (34.0, 100.0),
        (86.0, 98.0),
    ]
    .into_iter()
    .take(creature.spots as usize)
    .collect();
    view! {
        <svg class="creature" viewBox="0 0 120 150" role="img" aria-label="An imaginary creature: these are alien words">
            {antennae.into_iter().map(|(x, tip)| view! {
                <line x1=x y1=top + 4.0 x2=tip y2=top - 20.0 stroke=line.clone() stroke-width="3" stroke-linecap="round"/>
                <circle cx=tip cy=top - 22.0 r="5" fill=spot.clone() stroke=line.clone() stroke-width="2"/>
            }).collect_view()}
            {creature.arms.then(|| view! {
                <path d=format!("M{} {}q-16 6 -14 24", 18.0, top + 50.0) stroke=line.clone() stroke-width="4" fill="none" stroke-linecap="round"/>
                <path d=format!("M{} {}q16 6 14 24", 102.0, top + 50.0) stroke=line.clone() stroke-width="4" fill="none" stroke-linecap="round"/>
            })}
            <path d=body_path fill=fill.clone() stroke=line.clone() stroke-width="3"/>
            {spots.into_iter().map(|(x, y)| view! { <circle cx=x cy=y r="5" fill=spot.clone()/> }).collect_view()}
            {eyes.into_iter().map(|x| view! {
                <circle cx=x cy=eye_y r="9" fill="#fff" stroke=line.clone() stroke-width="2"/>
                <circle cx=x + 2.0 cy=eye_y + 1.0 r="4" fill=line.clone()/>
            }).collect_view()}
            <path d=mouth stroke=line.clone() stroke-width="3" fill=if creature.mouth == Mouth::Smile { "none".to_string() } else { line.clone() } stroke-linecap="round"/>
        </svg>
    }
}
