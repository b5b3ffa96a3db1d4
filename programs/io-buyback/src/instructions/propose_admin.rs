//! `propose_admin`: step one of the two-step admin hand-over (e.g. to the governance timelock).

io_common::propose_admin_handler!(crate::state::BuybackConfig, |view, f| {
    crate::config::with_config_mut(view, f)
});
