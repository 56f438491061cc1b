"""Pages of the cases app (Chinese UI for officers, reviewers and approvers; supervisors read only)."""
