//! End-to-end tests: real headless Chromium (and app windows under Xvfb), through the real IPC
//! paths. One test binary, so that linking stays cheap on small machines.

mod binary;
mod bridge;
mod common;
mod contents_tools;
mod dialogs;
mod example;
mod find;
mod frames;
mod headful;
mod headful_close;
mod headful_hints;
mod headful_input;
mod input;
mod ipc;
mod menu_bar;
mod navigation;
mod plugin;
mod ports;
mod preload;
mod property;
mod remote;
mod requests;
mod shared;
mod values;
mod window_open;
mod window_state;
mod windows;
