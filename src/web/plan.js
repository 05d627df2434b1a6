// plan()'s unit objects, built here from columns (src/core/view.rs,
// PlanView::to_columns): the same objects JSON.parse makes of plan()'s JSON,
// with the same keys in the same order, several times faster on 100k units
// (no 29 MB text to decode and parse).
const orNull = (x) => (x === x ? x : null); // NaN stands for null

// `width`: numbers per unit (UNIT_NUMBERS in view.rs).
export function planFromColumns(head, text, ends, numbers, width) {
  const plan = JSON.parse(head);
  plan.units = [];
  addUnits(plan, text, ends, numbers, width);
  return plan;
}

// The next slice of units (offsets in `ends` start at 0 in each slice).
export function addUnits(plan, text, ends, numbers, width) {
  const units = plan.units;
  let at = 0;
  for (let e = 0, o = 0; e < ends.length; e += 3, o += width) {
    const code = text.slice(at, ends[e]);
    const name = text.slice(ends[e], ends[e + 1]);
    const finishDate = ends[e + 2] > ends[e + 1] ? text.slice(ends[e + 1], ends[e + 2]) : null;
    at = ends[e + 2];
    const parent = numbers[o + 2];
    units.push({
      id: 'u' + numbers[o],
      code,
      name,
      level: numbers[o + 1],
      parentId: parent < 0 ? null : 'u' + parent,
      base: orNull(numbers[o + 3]),
      excluded: orNull(numbers[o + 4]),
      eligible: orNull(numbers[o + 5]),
      percent: orNull(numbers[o + 6]),
      percentOverride: orNull(numbers[o + 7]),
      target: orNull(numbers[o + 8]),
      targetLocked: numbers[o + 9] === 1,
      officialTarget: orNull(numbers[o + 10]),
      dailyTarget: orNull(numbers[o + 11]),
      daysNeeded: orNull(numbers[o + 12]),
      finishDate,
      shortfall: orNull(numbers[o + 13]),
    });
  }
}

// A JS array of the numbers of a typed array: Array.from walks a typed
// array through its iterator (~60 ms for a million numbers in Chromium),
// and pushing one by one grows the array; an array of the right length,
// filled with small integers first, stays packed and is several times
// faster.
export function arrayOfNumbers(typed) {
  const out = new Array(typed.length).fill(0);
  for (let i = 0; i < typed.length; i++) out[i] = typed[i];
  return out;
}
