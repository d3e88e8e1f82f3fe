;;; eglot_client.el --- a real LSP client: Emacs (batch) with Debian's eglot  -*- lexical-binding: t; -*-
;; Starts `python -m blamelint lsp' through eglot, opens a postmortem, collects the diagnostics
;; (flymake), applies the "Disable BL101 for this line" code action, waits for the re-lint and writes
;; what it saw to $BLAMELINT_REPORT.  tests/editors/test_real_clients.py reads it.
;; Run with plain `emacs --batch -l ...': -Q would skip Debian's site-start, which loads the elpa packages.
(require 'eglot)
(require 'cl-lib)

(defvar blamelint-report '())
(defun blamelint-log (fmt &rest args)
  (push (apply #'format fmt args) blamelint-report))

(defun blamelint-wait (predicate seconds)
  "Process events until PREDICATE is true or SECONDS have passed; return its last value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (run-hooks 'post-command-hook))
    value))

(defun blamelint-code (diagnostic)
  (let ((text (flymake-diagnostic-text diagnostic)))
    (and (string-match "\\[\\(BL[0-9]+\\)\\]" text) (match-string 1 text))))

(defun blamelint-bl101-on (line)
  (cl-some (lambda (d) (and (equal (blamelint-code d) "BL101")
                            (= (line-number-at-pos (flymake-diagnostic-beg d)) line)))
           (flymake-diagnostics)))

(let ((python (getenv "BLAMELINT_PYTHON"))
      (file (getenv "BLAMELINT_FILE"))
      (report (getenv "BLAMELINT_REPORT")))
  (condition-case err
      (progn
        (add-hook 'project-find-functions (lambda (dir) (cons 'transient dir)))
        (setq eglot-server-programs `((text-mode . (,python "-m" "blamelint" "lsp"))))
        (setq-default eglot-workspace-configuration '((:blamelint . (:severity (:BL301 "info")))))
        (find-file file)
        (text-mode)
        (eglot-ensure)
        (run-hooks 'post-command-hook)
        (let ((arrived (blamelint-wait (lambda () (and (eglot-current-server) (flymake-diagnostics))) 60)))
          (blamelint-log "diagnostics arrived: %s" (if arrived "true" "false")))
        (let (target)
          (dolist (d (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
            (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
              (blamelint-log "diagnostic %d:%d-%d type=%s code=%s"
                             (line-number-at-pos beg)
                             (save-excursion (goto-char beg) (current-column))
                             (save-excursion (goto-char end) (current-column))
                             (flymake-diagnostic-type d) (blamelint-code d))
              (when (and (null target) (equal (blamelint-code d) "BL101")) (setq target d))))
          (unless target (error "no BL101 diagnostic"))
          (let* ((beg (flymake-diagnostic-beg target))
                 (line (line-number-at-pos beg))
                 (server (eglot-current-server))
                 (actions (jsonrpc-request
                           server :textDocument/codeAction
                           (list :textDocument (eglot--TextDocumentIdentifier)
                                 :range (list :start (eglot--pos-to-lsp-position beg)
                                              :end (eglot--pos-to-lsp-position (flymake-diagnostic-end target)))
                                 :context (list :diagnostics []))))
                 chosen)
            (seq-doseq (action actions)
              (blamelint-log "code action: %s" (plist-get action :title))
              (when (equal (plist-get action :title) "Disable BL101 for this line") (setq chosen action)))
            (unless chosen (error "no disable action offered"))
            (eglot--apply-workspace-edit (plist-get chosen :edit))
            (blamelint-log "inserted line: %s"
                           (save-excursion (goto-char (point-min)) (forward-line (1- line))
                                           (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
            (let ((cleared (blamelint-wait (lambda () (not (blamelint-bl101-on (1+ line)))) 60)))
              (blamelint-log "BL101 cleared after the edit: %s" (if cleared "true" "false")))
            (let ((proc (jsonrpc--process server)))
              (eglot-shutdown server)
              (blamelint-log "server stopped: %s" (if (blamelint-wait (lambda () (not (process-live-p proc))) 10) "true" "false"))))))
    (error (blamelint-log "error: %s" (error-message-string err))))
  (with-temp-file report (insert (mapconcat #'identity (reverse blamelint-report) "\n") "\n"))
  (kill-emacs 0))
