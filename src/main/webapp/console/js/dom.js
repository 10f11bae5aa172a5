// Small DOM helpers: elements are built with h(), never from HTML strings, so no server text is ever parsed as markup.

export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (key === 'class') el.className = value;
        else if (key === 'dataset') Object.assign(el.dataset, value);
        else if (key === 'value') el.value = value;
        else if (key === 'checked') el.checked = !!value;
        else el.setAttribute(key, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
}

export function append(el, children) {
    for (const child of children.flat(Infinity)) {
        if (child === undefined || child === null || child === false) continue;
        el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
}

export function replace(el, ...children) {
    el.replaceChildren();
    return append(el, children);
}

export function badge(text, extra = '') {
    return h('span', { class: `state ${text} ${extra}`.trim() }, text);
}

export function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString();
}

export function ms(value) {
    if (value === undefined || value === null || Number.isNaN(value)) return '–';
    return `${Math.round(value * 10) / 10} ms`;
}

export function pct(value) {
    if (value === undefined || value === null) return '–';
    return `${Math.round(value * 1000) / 10} %`;
}

export function json(value) {
    return h('pre', { class: 'mono' }, JSON.stringify(value, null, 2));
}

export function table(headers, rows, caption) {
    return h('table', {},
        caption ? h('caption', { class: 'sr-only' }, caption) : null,
        h('thead', {}, h('tr', {}, headers.map(hd => typeof hd === 'string'
            ? h('th', { scope: 'col' }, hd) : h('th', { scope: 'col', class: hd.class }, hd.label)))),
        h('tbody', {}, rows));
}

export function field(label, control, hint) {
    const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
    control.id = id;
    return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('div', { class: 'hint' }, hint) : null);
}

/** Runs fn at most once per wait ms, the last call winning. */
export function debounce(fn, wait) {
    let timer = null;
    return (...args) => {
        clearTimeout(timer);
        timer = setTimeout(() => fn(...args), wait);
    };
}
