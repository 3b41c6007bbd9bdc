//! Test-only programs for cathode. `ownership-probe` is a main process that ends in a chosen way
//! (return, error, panic, or waiting to be killed) so the tests can check that Chromium and all of
//! its children die with it.
