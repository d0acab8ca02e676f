"""Files without surprises: bounded reads of regular files, all-or-nothing writes, and a cache
folder that is trusted only when it is the user's own."""
