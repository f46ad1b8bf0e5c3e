//! The page's parts: code that only some visits need, fetched the first time it is asked for.
//!
//! When the page is built with the `split` feature (trunk builds it so), every function that
//! [`part!`] declares is a split point: `scripts/split.py` cuts the page's wasm there, and
//! the function's code, with whatever only it uses, goes into a file of its own (a part),
//! fetched the first time the function is called. Code that several parts use goes into shared
//! parts. Built without the feature (the app's tests, the workers), every such function runs
//! at once. Either way it is `async` and answers [`NotLoaded`] when its part cannot be fetched,
//! so its callers say so and change nothing.
//!
//! The parts: every screen but the Overview (`routes.rs`), and the share link's encoder and
//! decoder with their frozen bases (`persist.rs`).

/// A part of the page could not be fetched (the network is down, or the server answered with
/// something else). Nothing was run; asking again tries again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// `part! { in name; /// doc
/// pub fn f(a: &A) -> T { body } }` declares `pub async fn f(a: &A) -> Result<T, NotLoaded>`,
/// whose body lives in the part `name` when the page is split. Functions that name the same
/// part share it. The arguments and the result cross the split as they are (no generics, no
/// `impl` types).
macro_rules! part {
    (in $part:ident; $(#[$doc:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::parts::NotLoaded> {
            #[cfg_attr(
                feature = "split",
                leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)
            )]
            fn run($($arg: $ty),*) -> Result<$ret, $crate::parts::NotLoaded> {
                let answer: $ret = $body;
                Ok(answer)
            }
            #[cfg(feature = "split")]
            let answer = run($($arg),*).await;
            #[cfg(not(feature = "split"))]
            let answer = run($($arg),*);
            answer
        }
    };
}
pub(crate) use part;
