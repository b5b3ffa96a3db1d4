//! `propose_admin`: step one of the two-step admin hand-over (e.g. to the governance timelock).

io_common::propose_admin_handler!(crate::state::JobsConfig, |view, f| super::with_config_mut(
    view, f
));
