// The portal's own script (external: the portal runs under a strict CSP).
// What README.md's snippet does: mount two planners, drive them through
// the API. `?manual` leaves the mounting to the test (it first records the
// portal's own computed styles).
window.mountBoth = async function () {
  const [a, b] = await Promise.all([
    QuotaPlanner.mount('#planner-a'),
    QuotaPlanner.mount(document.getElementById('planner-b'), { locale: 'en' }),
  ]);
  window.plannerA = a;
  window.plannerB = b;
  return [a, b];
};
window.portalReady = new URLSearchParams(location.search).has('manual') ? Promise.resolve() : window.mountBoth();
