//! Small pieces shared by several screens.

use leptos::prelude::*;

use crate::route::Route;

/// A link to a route inside the app.
#[component]
pub fn RouteLink(
    /// Where the link goes.
    route: Route,
    /// Extra classes.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    view! { <a href=route.href() class=class>{children()}</a> }
}
