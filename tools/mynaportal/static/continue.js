// The script of the page /oidc/auth answers to a browser that came from another site without the
// portal's session cookie (pages.hpp continue_page): the same authorization request again, now a
// navigation from this origin, so that the browser sends the SameSite=Strict cookie with it and a
// holder already logged in gets the code at once. replace(): the back button skips this page.
'use strict';

location.replace(document.getElementById('continue').href);
