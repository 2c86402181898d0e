//! The smallest Leptos CSR page: mounts one heading and one paragraph. The
//! benchmark times its first render as the baseline of the app's start-up.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <main>
                <h1 data-testid="ready">"Kế hoạch"</h1>
                <p>"Trang tối giản dùng làm mốc so sánh."</p>
            </main>
        }
    });
}
