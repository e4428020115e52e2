export { MAIL_LOCALES, type MailLocale } from './mail.constants';
export { MailTemplateError } from './mail.errors';
export { MailModule } from './mail.module';
export { MailRenderer, type MailFooter, type MailTemplateData, type RenderedMail } from './mail-renderer.service';
export { MailSender, type OutgoingMail, type SentMail } from './mail-sender.service';
export { registerMailHelpers } from './mail.helpers';
export { findTemplatesDir } from './mail-renderer.service';
export { compileTemplateFile, runTemplate } from './template-files';
export { Catalogue, catalogue } from './catalogue';
