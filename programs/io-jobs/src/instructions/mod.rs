pub mod cancel_job;
pub mod initialize;
pub mod open_job;
pub mod refund_unstarted;
pub mod register_node;
pub mod retire_node;
pub mod update_node;

use crate::{interface::Error, state::Node};
use pinocchio::AccountView;

/// Runs `f` on `node` after checking that it is this program's Node and that `owner` owns it.
pub(crate) fn with_owned_node<R>(
    node: &mut AccountView,
    owner: &AccountView,
    f: impl FnOnce(&mut Node) -> Result<R, Error>,
) -> Result<R, Error> {
    if !node.owned_by(&crate::ID) {
        return Err(Error::InvalidNode);
    }
    let mut data = node.try_borrow_mut().map_err(|_| Error::InvalidNode)?;
    let node = Node::from_bytes_mut(&mut data)?;
    if &node.owner != owner.address() {
        return Err(Error::NotNodeOwner);
    }
    f(node)
}
