//! `accept_admin`: step two of the admin hand-over, signed by the proposed admin.

io_common::accept_admin_handler!(crate::state::TokenConfig, |view, f| super::with_config_mut(
    &crate::ID,
    view,
    f
));
