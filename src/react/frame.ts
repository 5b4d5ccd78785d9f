/**
 * The React component's frame around its cards: the status line (a polite live region with the
 * progress bar while the catalog embeds) and the search form, as the element's (ui/shadow-view.ts).
 */
import { createElement as h, type ReactNode, useEffect, useState } from 'react';
import type { StatusLine } from '../ui/status.ts';
import type { MessageVars, StringKey } from '../ui/strings.ts';

/** The status line of a list. */
export function StatusRegion(props: { status: StatusLine; t: (key: StringKey, vars?: MessageVars) => string }): ReactNode {
  const { status, t } = props;
  return h(
    'div',
    {
      className: 'inpage-rec-status',
      role: 'status',
      'aria-live': 'polite',
      'data-empty': !status.key && status.progress === undefined ? '' : undefined,
      'data-tone': status.tone,
    },
    status.key ? h('span', { className: 'inpage-rec-status-text' }, t(status.key, status.vars)) : null,
    status.progress !== undefined
      ? h('progress', { className: 'inpage-rec-progress', max: 1, value: status.progress, 'aria-label': t('progress.label') })
      : null,
  );
}

/** The search form: its own input state, submitted as the list's query. */
export function SearchForm(props: {
  query: string;
  t: (key: StringKey) => string;
  onFocus: () => void;
  onSubmit: (q: string) => void;
}): ReactNode {
  const [value, setValue] = useState(props.query);
  useEffect(() => setValue(props.query), [props.query]);
  const { t } = props;
  return h(
    'form',
    {
      className: 'inpage-rec-search',
      role: 'search',
      onSubmit: (e: { preventDefault(): void }) => {
        e.preventDefault();
        props.onSubmit(value);
      },
    },
    h('input', {
      className: 'inpage-rec-search-input',
      type: 'search',
      value,
      onChange: (e: { currentTarget: HTMLInputElement }) => setValue(e.currentTarget.value),
      onFocus: props.onFocus,
      'aria-label': t('search.label'),
      placeholder: t('search.placeholder'),
    }),
    h('button', { className: 'inpage-rec-search-button', type: 'submit' }, t('search.button')),
  );
}
