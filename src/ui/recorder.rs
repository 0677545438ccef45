//! Recording a reading with the microphone (MediaRecorder). Off unless the adult switches it
//! on; when the microphone is refused or absent the check goes on and says why.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobEvent, MediaRecorder, MediaStream, MediaStreamConstraints};

/// Why recording cannot happen, in words for the adult.
fn explain(error: &JsValue) -> String {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => "the microphone was refused".into(),
        "NotFoundError" | "OverconstrainedError" => "no microphone was found".into(),
        "NotReadableError" => "the microphone is in use by another app".into(),
        _ => "the microphone could not be opened".into(),
    }
}

pub async fn open_microphone() -> Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or_else(|| "this browser cannot record sound".to_string())?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| explain(&e))?;
    let stream = JsFuture::from(promise).await.map_err(|e| explain(&e))?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| "the microphone could not be opened".to_string())
}

pub struct Recorder {
    stream: MediaStream,
    recorder: MediaRecorder,
    chunks: Rc<RefCell<Vec<Blob>>>,
    started_ms: f64,
}

pub struct Recording {
    pub blob: Blob,
    pub mime_type: String,
    pub duration_ms: u32,
}

impl Recorder {
    pub fn start(stream: MediaStream) -> Result<Recorder, String> {
        let recorder = MediaRecorder::new_with_media_stream(&stream)
            .map_err(|_| "this browser cannot record sound".to_string())?;
        let chunks: Rc<RefCell<Vec<Blob>>> = Rc::default();
        let sink = chunks.clone();
        let on_data = Closure::<dyn FnMut(BlobEvent)>::new(move |e: BlobEvent| {
            if let Some(data) = e.data() {
                sink.borrow_mut().push(data);
            }
        });
        recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
        on_data.forget();
        recorder.start().map_err(|e| explain(&e))?;
        Ok(Recorder {
            stream,
            recorder,
            chunks,
            started_ms: js_sys::Date::now(),
        })
    }

    /// Stops recording and releases the microphone; resolves with the whole clip.
    pub async fn stop(self) -> Result<Recording, String> {
        let recorder = self.recorder.clone();
        let stopped = js_sys::Promise::new(&mut |resolve, _reject| {
            recorder.set_onstop(Some(&resolve));
        });
        if self.recorder.state() != web_sys::RecordingState::Inactive {
            let _ = self.recorder.stop();
        }
        JsFuture::from(stopped)
            .await
            .map_err(|_| "the recording did not finish".to_string())?;
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
        let mime_type = self.recorder.mime_type();
        let parts = js_sys::Array::new();
        for chunk in self.chunks.borrow().iter() {
            parts.push(chunk);
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(&mime_type);
        let blob = Blob::new_with_blob_sequence_and_options(&parts, &options)
            .map_err(|_| "the recording could not be kept".to_string())?;
        Ok(Recording {
            blob,
            mime_type,
            duration_ms: (js_sys::Date::now() - self.started_ms).max(0.0) as u32,
        })
    }
}
