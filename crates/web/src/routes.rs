//! The route recorder every feature registers its routes with, pages and API alike: it
//! builds the axum router and keeps (method, path) of each operation, so tests can hold the
//! router against the OpenAPI document and find every write — form posts included — without
//! a hand-kept list.

use std::collections::BTreeMap;

use axum::handler::Handler;
use axum::routing::{delete, get, post, put, MethodRouter};
use axum::Router;

use crate::AppState;

pub(crate) struct Routes {
    prefix: &'static str,
    /// One method router per path, the methods merged, in the order first added.
    paths: BTreeMap<&'static str, MethodRouter<AppState>>,
    /// (lower-case method, path without the prefix) of every operation.
    operations: Vec<(&'static str, &'static str)>,
}

impl Routes {
    /// Routes under `prefix` (`""` for pages, `/api/v1` for the API).
    pub fn new(prefix: &'static str) -> Routes {
        Routes {
            prefix,
            paths: BTreeMap::new(),
            operations: Vec::new(),
        }
    }

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.operations.push((method, path));
        let merged = match self.paths.remove(path) {
            Some(existing) => existing.merge(route),
            None => route,
        };
        self.paths.insert(path, merged);
        self
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("get", path, get(h))
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("post", path, post(h))
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("put", path, put(h))
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, h: H) -> Self {
        self.add("delete", path, delete(h))
    }

    pub fn operations(&self) -> Vec<(&'static str, &'static str)> {
        self.operations.clone()
    }

    pub fn router(self) -> Router<AppState> {
        self.paths
            .into_iter()
            .fold(Router::new(), |r, (path, route)| {
                r.route(&format!("{}{path}", self.prefix), route)
            })
    }
}
