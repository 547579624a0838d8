// Asks for the first screen's data while the app's code is still loading: who is signed in and,
// on the dashboard, their live standing. The app takes these answers (lib/api.ts, takeEarly)
// instead of asking again once its code has run, which would be the better part of a second
// later on a phone. A plain script, run before the app's module, so it starts at once.
(function () {
  var early = (window.samoohEarly = {});
  // The shop and the sign-in page are for people not signed in.
  if (/^\/(s\/|sign-in)/.test(location.pathname)) return;
  var options = { headers: { accept: 'application/json' }, credentials: 'same-origin' };
  var me = fetch('/api/auth/me', options);
  early.me = me.then(function (response) {
    return { path: '/api/auth/me', response: response };
  });
  if (location.pathname !== '/') return;
  // Registered before the app waits for the same answer, so it reads a copy before the app reads it.
  early.standing = me.then(function (response) {
    if (!response.ok) return null;
    return response.clone().json().then(function (body) {
      var member = body && body.user && body.user.memberId;
      if (typeof member !== 'number') return null;
      var path = '/api/members/' + member + '/projection';
      return fetch(path, options).then(function (answer) {
        return { path: path, response: answer };
      });
    });
  });
})();
