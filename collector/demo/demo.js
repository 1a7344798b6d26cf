// The demo shop's own code: a cart, orders and onboarding in localStorage, the header, and the cookie banner.
var PRODUCTS = {
  lamp: { name: 'Aurora desk lamp', price: 49 },
  chair: { name: 'Fjord office chair', price: 229 },
  mug: { name: 'Harbor coffee mug', price: 14 },
};

function orders() { return JSON.parse(localStorage.getItem('demo-orders') || '[]'); }
function addOrder(order) { localStorage.setItem('demo-orders', JSON.stringify(orders().concat([order]))); }
function onboarded() { return localStorage.getItem('demo-onboarded') === localStorage.getItem('demo-user'); }

function cart() { return JSON.parse(localStorage.getItem('demo-cart') || '[]'); }
function saveCart(items) { localStorage.setItem('demo-cart', JSON.stringify(items)); renderHeader(); }

function renderHeader() {
  var count = document.getElementById('cart-count');
  if (count) count.textContent = String(cart().length);
  var who = document.getElementById('who');
  if (who) who.textContent = localStorage.getItem('demo-user') ? 'Account' : 'Log in';
  if (who) who.href = localStorage.getItem('demo-user') ? '/demo/account/' : '/demo/login.html';
}

function consentBanner() {
  if (localStorage.getItem('demo-consent')) return;
  var bar = document.createElement('div');
  bar.id = 'consent';
  bar.innerHTML = '<p>This demo shop measures your journey with Waymark.</p>' +
    '<button id="consent-accept">Accept</button><button id="consent-decline" class="secondary">Decline</button>';
  document.body.appendChild(bar);
  function choose(state) {
    localStorage.setItem('demo-consent', state);
    waymark.consent(state);
    bar.remove();
  }
  document.getElementById('consent-accept').onclick = function () { choose('granted'); };
  document.getElementById('consent-decline').onclick = function () { choose('denied'); };
}

// Personalisation: a banner that follows the visitor's lifecycle stage. profile() gives the stage
// on arrival; on('stage') follows it as the visitor's touchpoints reach the collector.
var STAGE_MESSAGES = {
  awareness: 'New here? Every order ships free this week.',
  consideration: 'Still deciding? Returns are free for 30 days.',
  purchase: 'Free delivery on this order — checkout takes a minute.',
  onboarding: 'Getting started: our care guides keep your furniture like new.',
  retention: 'Good to see you again — members save 10% on their next order.',
  advocacy: 'Thank you for recommending us!',
};

function showStage(profile) {
  // The stage and the shop's own data together: in the purchase stage, with an order placed.
  var text = profile.stage === 'purchase' && orders().length ? 'Welcome back — your order is on its way.' : STAGE_MESSAGES[profile.stage];
  var banner = document.getElementById('stage-banner');
  if (!text) return banner && banner.remove();
  if (!banner) {
    banner = document.createElement('p');
    banner.id = 'stage-banner';
    banner.className = 'notice';
    banner.setAttribute('role', 'status');
    document.querySelector('main').prepend(banner);
  }
  banner.textContent = text;
  banner.setAttribute('data-stage', profile.stage);
}

document.addEventListener('DOMContentLoaded', function () {
  renderHeader();
  consentBanner();
  waymark.profile().then(showStage, function () {}); // no banner when the collector cannot be reached
  waymark.on('stage', showStage);
});
