import { AppServices } from './app/services.js';
import './ui/components/app-root.js';

const services = new AppServices();
const root = document.createElement('app-root');
root.services = services;
document.body.append(root);
void services.load();
