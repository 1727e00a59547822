from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Joining goes through a membership request for an organisation (see the membership issue);
        # until that flow exists, accounts are created by the network office.
        return False
