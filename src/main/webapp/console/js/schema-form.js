// A form generated from a tool's JSON Schema input schema: strings, numbers, integers, booleans, enums, nested
// objects, arrays of anything; required members marked; whatever the generator does not model (oneOf, $ref, ...)
// is a JSON text box. read() gives the arguments object, leaving out members the user did not fill in.

import { h } from './dom.js';

let counter = 0;
const nextId = () => `sf-${++counter}`;

function typeOf(schema) {
    let type = schema.type;
    if (Array.isArray(type)) type = type.find(t => t !== 'null');
    if (!type && schema.properties) type = 'object';
    if (!type && schema.enum) type = 'enum';
    return type;
}

/** @returns {{el: HTMLElement, read: () => any, path: string}} */
export function buildForm(schema) {
    const root = objectField(schema || { type: 'object' }, '', '', true, true);
    return root;
}

function fieldFor(schema, name, path, required) {
    schema = schema || {};
    const type = typeOf(schema);
    if (schema.enum) return enumField(schema, name, path, required);
    if (type === 'object') return objectField(schema, name, path, required, false);
    if (type === 'array') return arrayField(schema, name, path, required);
    if (type === 'boolean') return booleanField(schema, name, path, required);
    if (type === 'integer' || type === 'number') return numberField(schema, name, path, required, type);
    if (type === 'string') return stringField(schema, name, path, required);
    return jsonField(schema, name, path, required);
}

function labelOf(schema, name, required, id) {
    return h('label', { for: id }, schema.title || name || 'value', required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
        schema.type ? h('span', { class: 'muted' }, ` (${Array.isArray(schema.type) ? schema.type.join('|') : schema.type})`) : null);
}

function wrap(schema, name, path, required, control) {
    const hintId = schema.description ? `${control.id}-hint` : null;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    if (required) control.setAttribute('aria-required', 'true');
    return h('div', { class: 'field', dataset: { path } }, labelOf(schema, name, required, control.id), control,
        hintId ? h('div', { class: 'hint', id: hintId }, schema.description) : null);
}

function stringField(schema, name, path, required) {
    const id = nextId();
    const long = (schema.maxLength || 0) > 200 || /text|content|body|message|query/i.test(name || '');
    const control = long
        ? h('textarea', { id, name: path, rows: 3 })
        : h('input', { id, name: path, type: schema.format === 'uri' ? 'url' : 'text', size: 50 });
    if (schema.default !== undefined) control.value = schema.default;
    return {
        el: wrap(schema, name, path, required, control), path,
        read: () => control.value === '' && !required ? undefined : control.value,
    };
}

function numberField(schema, name, path, required, type) {
    const id = nextId();
    const control = h('input', { id, name: path, type: 'number', step: type === 'integer' ? 1 : 'any',
        min: schema.minimum, max: schema.maximum });
    if (schema.default !== undefined) control.value = schema.default;
    return {
        el: wrap(schema, name, path, required, control), path,
        read: () => {
            if (control.value === '') return required ? null : undefined;
            return type === 'integer' ? parseInt(control.value, 10) : Number(control.value);
        },
    };
}

function booleanField(schema, name, path, required) {
    const id = nextId();
    const control = h('select', { id, name: path },
        required ? null : h('option', { value: '' }, '(not set)'),
        h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
    control.value = schema.default !== undefined ? String(schema.default) : required ? 'false' : '';
    return {
        el: wrap(schema, name, path, required, control), path,
        read: () => control.value === '' ? undefined : control.value === 'true',
    };
}

function enumField(schema, name, path, required) {
    const id = nextId();
    const control = h('select', { id, name: path },
        required ? null : h('option', { value: '' }, '(not set)'),
        schema.enum.map((v, i) => h('option', { value: String(i) }, JSON.stringify(v).replace(/^"|"$/g, ''))));
    const index = schema.default !== undefined ? schema.enum.findIndex(v => JSON.stringify(v) === JSON.stringify(schema.default)) : -1;
    control.value = index >= 0 ? String(index) : required ? '0' : '';
    return {
        el: wrap(schema, name, path, required, control), path,
        read: () => control.value === '' ? undefined : schema.enum[Number(control.value)],
    };
}

function jsonField(schema, name, path, required) {
    const id = nextId();
    const control = h('textarea', { id, name: path, rows: 3, class: 'mono', placeholder: 'JSON value' });
    if (schema.default !== undefined) control.value = JSON.stringify(schema.default);
    return {
        el: wrap({ ...schema, description: `${schema.description || ''} (JSON)`.trim() }, name, path, required, control), path,
        read: () => {
            if (control.value.trim() === '') return undefined;
            try { return JSON.parse(control.value); } catch { throw new Error(`${path || 'value'}: not valid JSON`); }
        },
    };
}

function objectField(schema, name, path, required, top) {
    const props = schema.properties || {};
    const req = new Set(schema.required || []);
    const children = Object.entries(props).map(([key, sub]) => ({ key, ...fieldFor(sub, key, `${path}/${key}`, req.has(key)) }));
    const extra = !schema.properties && schema.additionalProperties !== false ? jsonField({ description: 'members as a JSON object' }, name || 'arguments', path || '/', false) : null;
    const inner = [children.map(c => c.el), extra ? extra.el : null,
        !children.length && !extra ? h('p', { class: 'muted' }, 'This tool takes no arguments.') : null];
    const el = top ? h('div', { class: 'schema-form' }, inner)
        : h('fieldset', { dataset: { path } }, h('legend', {}, schema.title || name, required ? h('span', { class: 'req' }, ' *') : null), schema.description ? h('div', { class: 'hint' }, schema.description) : null, inner);
    return {
        el, path,
        read: () => {
            if (extra) return extra.read() ?? (top ? {} : undefined);
            const out = {};
            for (const c of children) {
                const v = c.read();
                if (v !== undefined) out[c.key] = v;
            }
            return Object.keys(out).length || required || top ? out : undefined;
        },
    };
}

function arrayField(schema, name, path, required) {
    const items = [];
    const list = h('div', { class: 'array-items' });
    const add = h('button', { type: 'button', class: 'secondary', 'aria-label': `Add an item to ${name}` }, 'Add item');
    const addItem = () => {
        const index = items.length;
        const item = fieldFor(schema.items || {}, `${name}[${index}]`, `${path}/${index}`, true);
        const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${name}[${index}]` }, 'Remove');
        const row = h('div', { class: 'array-item' }, item.el, remove);
        remove.addEventListener('click', () => { row.remove(); items.splice(items.indexOf(item), 1); });
        items.push(item);
        list.append(row);
    };
    add.addEventListener('click', addItem);
    const el = h('fieldset', { dataset: { path } },
        h('legend', {}, schema.title || name, required ? h('span', { class: 'req' }, ' *') : null, h('span', { class: 'muted' }, ' (array)')),
        schema.description ? h('div', { class: 'hint' }, schema.description) : null, list, add);
    return {
        el, path,
        read: () => {
            const values = items.map(i => i.read()).filter(v => v !== undefined);
            return values.length || required ? values : undefined;
        },
    };
}

/**
 * Lists the API's schema violations (e.g. "$.a: must be a number", "/items/0: ...") under `list` and marks the
 * form field each names (by its JSON pointer, `data-path`) as invalid.
 */
export function showViolations(violations, list, form) {
    for (const v of violations) {
        list.append(h('li', {}, v));
        const path = (String(v).match(/^(?:\$\.?|\/)?([\w.\/\[\]-]+)/) || [])[1];
        if (path) {
            const pointer = `/${path.replace(/\./g, '/').replace(/\[(\d+)\]/g, '/$1')}`;
            form.querySelector(`.field[data-path="${CSS.escape(pointer)}"]`)?.classList.add('invalid');
        }
    }
}
