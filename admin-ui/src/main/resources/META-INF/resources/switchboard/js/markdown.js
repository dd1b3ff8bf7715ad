// Model output to DOM: Markdown (marked) → HTML → DOMPurify, which hands back a DOM fragment (the
// UI never assigns unsanitised HTML); then code blocks are highlighted and citation marks such as
// [2] become links to the numbered sources under the answer.

import { marked, DOMPurify, hljs } from './vendor.js';

const PURIFY = {
  RETURN_DOM_FRAGMENT: true,
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option'],
  FORBID_ATTR: ['style'],
};

// Alpine's attribute syntax: never let model output carry directives (DOMPurify's allow-list
// already drops them; this is the second lock).
DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (/^(x-|@|:)/.test(data.attrName)) {
    data.keepAttr = false;
  }
});
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const CITE = /\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]/g;

/** The id of the source entry {@code n} of the message with the given key. */
export function sourceId(key, n) {
  return 'src-' + key + '-' + n;
}

function highlight(root) {
  const hl = hljs();
  for (const code of root.querySelectorAll('pre code')) {
    const match = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
    code.classList.add('hljs');
    if (hl && match && hl.getLanguage(match[1])) {
      // highlight.js reads textContent and writes its own escaped markup.
      const result = hl.highlight(code.textContent, { language: match[1], ignoreIllegals: true });
      code.replaceChildren(DOMPurify.sanitize(result.value, { RETURN_DOM_FRAGMENT: true }));
    }
  }
}

function linkCitations(root, key, cited) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      return node.parentElement && node.parentElement.closest('code, pre, a')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (CITE.test(n.nodeValue)) {
      nodes.push(n);
    }
    CITE.lastIndex = 0;
  }
  for (const node of nodes) {
    const text = node.nodeValue;
    const out = document.createDocumentFragment();
    let last = 0;
    CITE.lastIndex = 0;
    for (let m = CITE.exec(text); m; m = CITE.exec(text)) {
      const numbers = m[1].split(',').map((s) => parseInt(s.trim(), 10));
      if (!numbers.some((x) => cited.has(x))) {
        continue;
      }
      out.append(text.slice(last, m.index));
      numbers.forEach((x, i) => {
        if (cited.has(x)) {
          const a = document.createElement('a');
          a.className = 'cite';
          a.href = '#' + sourceId(key, x);
          a.dataset.cite = String(x);
          a.textContent = '[' + x + ']';
          out.append(a);
        } else {
          out.append('[' + x + ']');
        }
        if (i < numbers.length - 1) {
          out.append(' ');
        }
      });
      last = m.index + m[0].length;
    }
    out.append(text.slice(last));
    node.replaceWith(out);
  }
}

/** Renders {@code text} as sanitised Markdown into {@code el}, replacing what it held. */
export function renderMarkdown(el, text, { key, citations } = {}) {
  const html = marked.parse(text || '', { gfm: true, breaks: false, async: false });
  const fragment = DOMPurify.sanitize(html, PURIFY);
  highlight(fragment);
  if (citations && citations.length) {
    linkCitations(fragment, key, new Set(citations.map((c) => c.index)));
  }
  el.replaceChildren(fragment);
}

/** Opens the source a citation link points at and brings it into view. */
export function followCitation(event) {
  const link = event.target.closest('a.cite');
  if (!link) {
    return;
  }
  event.preventDefault();
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) {
    return;
  }
  const details = target.querySelector('details');
  if (details) {
    details.open = true;
  }
  target.classList.add('flash');
  setTimeout(() => target.classList.remove('flash'), 1200);
  target.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  const summary = target.querySelector('summary');
  if (summary) {
    summary.focus({ preventScroll: true });
  }
}
