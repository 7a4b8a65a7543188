import { useEffect } from 'react';
import { useStudio } from '../store/studio-store';
import type { Toast } from '../store/ui-slice';

/** How long a toast stays, by tone; errors stay longer so they can be read. */
const TOAST_MS = { info: 4000, success: 3000, error: 8000 } as const;

export function Toasts() {
  const toasts = useStudio((state) => state.toasts);

  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useStudio((state) => state.dismissToast);

  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(toast.id), TOAST_MS[toast.tone]);
    return () => window.clearTimeout(timer);
  }, [dismiss, toast.id, toast.tone]);

  return (
    <div className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{toast.message}</span>
      <button type="button" className="button button--ghost button--small" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ✕
      </button>
    </div>
  );
}
