/* Custodian web SDK v1. No cookies: an anonymous id in this site's localStorage, or only a
   per-page id under GPC, Do Not Track or refused analytics consent. See docs/sdks.md. */
(function (w) {
  'use strict';
  var VERSION = '1.0.0', nav = w.navigator, doc = w.document, me = doc.currentScript;
  var cfg, queue = [], timer, backoff = 0, pageId = uuid(), anon, userId, choices = {};

  function store(name, value) { // a browser that refuses storage just gets no persistent id
    try {
      var ls = w.localStorage; name = 'custodian.' + name;
      if (value === undefined) return ls.getItem(name);
      value === null ? ls.removeItem(name) : ls.setItem(name, value);
    } catch (e) {}
  }
  try { choices = JSON.parse(store('consent')) || {}; } catch (e) {}

  function uuid() {
    var c = w.crypto, b, s = '';
    if (c.randomUUID) return c.randomUUID();
    b = c.getRandomValues(new Uint8Array(16)); b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    for (var i = 0; i < 16; i++) s += (i > 3 && i < 11 && !(i % 2) ? '-' : '') + (b[i] + 256).toString(16).slice(1);
    return s;
  }
  function signals() { // what the server is told; analytics: false only when refused
    var s = { gpc: nav.globalPrivacyControl === true, dnt: [nav.doNotTrack, w.doNotTrack].indexOf('1') >= 0 };
    if (refused()) s.analytics = false;
    return s;
  }
  function refused() { return choices.analytics === false; }
  function restricted() { var s = signals(); return s.gpc || s.dnt || s.analytics === false; }
  function bare(u) { return u && u.split(/[?#]/)[0]; } // queries and fragments often hold tokens

  function ids() {
    if (restricted()) {
      store('anonymousId', null); store('userId', null); anon = null;
      return { a: pageId, u: refused() ? null : userId };
    }
    if (!anon) store('anonymousId', anon = store('anonymousId') || uuid());
    return { a: anon, u: userId || store('userId') };
  }

  function enqueue(type, e) {
    var who = ids(), s = w.screen, loc = w.location, tz;
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (x) {}
    e.type = type; e.messageId = uuid(); e.anonymousId = who.a;
    if (who.u) e.userId = who.u;
    e.timestamp = new Date().toISOString();
    e.context = {
      library: { name: 'custodian.js', version: VERSION }, locale: nav.language, timezone: tz, userAgent: nav.userAgent,
      screen: { width: s.width, height: s.height, density: w.devicePixelRatio },
      page: { url: bare(loc.href), path: loc.pathname, referrer: bare(doc.referrer), title: doc.title.slice(0, 120) },
      privacy: signals()
    };
    queue.push(e);
    if (cfg) queue.length >= cfg.flushAt ? flush() : later(cfg.flushInterval);
  }
  function later(ms) { timer = timer || setTimeout(flush, ms); }
  function size(e) { return new Blob([JSON.stringify(e)]).size + 1; }

  // Resolves true once every batch is with the browser (beacon) or accepted by the server (fetch).
  function flush() {
    clearTimeout(timer); timer = 0;
    if (!cfg || !queue.length) return Promise.resolve(true);
    var batches = [], b = [], bytes = 0;
    queue.splice(0).forEach(function (e) {
      var n = size(e);
      if (b.length && (bytes + n > 60000 || b.length >= 100)) batches.push(b), b = [], bytes = 0;
      b.push(e); bytes += n;
    });
    batches.push(b);
    return Promise.all(batches.map(send)).then(function (r) { return r.indexOf(false) < 0; });
  }

  function send(batch) {
    // text/plain needs no CORS preflight; the write key travels in the body.
    var body = JSON.stringify({ batch: batch, sentAt: new Date().toISOString(), writeKey: cfg.writeKey });
    try { if (cfg.beacon && nav.sendBeacon(cfg.url, new Blob([body], { type: 'text/plain' }))) return Promise.resolve(true); } catch (x) {}
    return fetch(cfg.url, { method: 'POST', body: body, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } })
      .then(function (r) {
        if (r.status == 429 || r.status > 499) throw +r.headers.get('Retry-After') * 1000 || 1;
        backoff = 0;
        return r.ok;
      })
      .catch(function (wait) { // kept (newest 500) for a later try, later each time or as asked
        queue = batch.concat(queue).slice(-500);
        backoff = Math.min(backoff * 2 || 1000, 60000);
        later(Math.max(+wait || 0, backoff * (0.5 + Math.random() / 2)));
        return false;
      });
  }

  function consent(c) {
    for (var k in c) choices[k] = c[k];
    store('consent', JSON.stringify(choices));
    if (restricted()) ids(), queue.forEach(function (e) { // queued events leave with the page's id only
      e.anonymousId = pageId; e.context.privacy = signals();
      if (refused()) delete e.userId;
    });
    return choices;
  }

  w.addEventListener('pagehide', flush);
  doc.addEventListener('visibilitychange', function () { doc.hidden && flush(); });

  w.custodian = {
    version: VERSION, flush: flush, consent: consent,
    init: function (o) {
      var base = o.endpoint || new URL(me.src).origin;
      cfg = {
        writeKey: o.writeKey, url: /\/v1\/collect$/.test(base) ? base : base.replace(/\/+$/, '') + '/v1/collect',
        flushAt: o.flushAt || 20, flushInterval: o.flushInterval || 5000, beacon: o.beacon !== false && !!nav.sendBeacon
      };
      if (o.consent) consent(o.consent);
      if (queue.length) later(cfg.flushInterval);
    },
    page: function (name, props) {
      if (typeof name == 'object') props = name, name = undefined;
      enqueue('page', { name: name, properties: props || {} });
    },
    track: function (name, props) { enqueue('track', { event: name, properties: props || {} }); },
    identify: function (id, traits) {
      userId = id;
      if (!restricted()) store('userId', id);
      if (!refused()) enqueue('identify', { traits: traits || {} });
    },
    reset: function () { userId = anon = null; store('userId', null); store('anonymousId', null); pageId = uuid(); }
  };
})(window);
