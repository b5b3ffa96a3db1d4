//! `accept_admin`: step two of the admin hand-over, signed by the proposed admin.

io_common::accept_admin_handler!(crate::state::BuybackConfig, |view, f| {
    crate::config::with_config_mut(view, f)
});
