//! Entry point of the web build: mounts the app. Everything else is in the library.

fn main() {
    gnbv_app::mount();
}
