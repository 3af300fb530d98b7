/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks.impl;

import dev.strata.core.StrataObject;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TaskStatus;
import dev.strata.example.tasks.TasksPackage;

import java.util.Collection;
import java.util.Date;

import org.eclipse.emf.common.notify.Notification;

import org.eclipse.emf.common.util.EList;

import org.eclipse.emf.ecore.EClass;

import org.eclipse.emf.ecore.impl.ENotificationImpl;
import org.eclipse.emf.ecore.impl.MinimalEObjectImpl;

import org.eclipse.emf.ecore.util.EObjectResolvingEList;

/**
 * <!-- begin-user-doc -->
 * An implementation of the model object '<em><b>Task</b></em>'.
 * <!-- end-user-doc -->
 * <p>
 * The following features are implemented:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getTitle <em>Title</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getStatus <em>Status</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getPriority <em>Priority</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getCreated <em>Created</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getTags <em>Tags</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.TaskImpl#getDependsOn <em>Depends On</em>}</li>
 * </ul>
 *
 * @generated
 */
public class TaskImpl extends StrataObject implements Task {
	/**
	 * The default value of the '{@link #getTitle() <em>Title</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getTitle()
	 * @generated
	 * @ordered
	 */
	protected static final String TITLE_EDEFAULT = null;

	/**
	 * The default value of the '{@link #getStatus() <em>Status</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getStatus()
	 * @generated
	 * @ordered
	 */
	protected static final TaskStatus STATUS_EDEFAULT = TaskStatus.OPEN;

	/**
	 * The default value of the '{@link #getPriority() <em>Priority</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getPriority()
	 * @generated
	 * @ordered
	 */
	protected static final int PRIORITY_EDEFAULT = 0;

	/**
	 * The default value of the '{@link #getCreated() <em>Created</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getCreated()
	 * @generated
	 * @ordered
	 */
	protected static final Date CREATED_EDEFAULT = null;

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	protected TaskImpl() {
		super();
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected EClass eStaticClass() {
		return TasksPackage.Literals.TASK;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected int eStaticFeatureCount() {
		return 0;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public String getTitle() {
		return (String)eDynamicGet(TasksPackage.TASK__TITLE, TasksPackage.Literals.TASK__TITLE, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setTitle(String newTitle) {
		eDynamicSet(TasksPackage.TASK__TITLE, TasksPackage.Literals.TASK__TITLE, newTitle);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public TaskStatus getStatus() {
		return (TaskStatus)eDynamicGet(TasksPackage.TASK__STATUS, TasksPackage.Literals.TASK__STATUS, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setStatus(TaskStatus newStatus) {
		eDynamicSet(TasksPackage.TASK__STATUS, TasksPackage.Literals.TASK__STATUS, newStatus);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public int getPriority() {
		return (Integer)eDynamicGet(TasksPackage.TASK__PRIORITY, TasksPackage.Literals.TASK__PRIORITY, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setPriority(int newPriority) {
		eDynamicSet(TasksPackage.TASK__PRIORITY, TasksPackage.Literals.TASK__PRIORITY, newPriority);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public Date getCreated() {
		return (Date)eDynamicGet(TasksPackage.TASK__CREATED, TasksPackage.Literals.TASK__CREATED, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setCreated(Date newCreated) {
		eDynamicSet(TasksPackage.TASK__CREATED, TasksPackage.Literals.TASK__CREATED, newCreated);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public EList<Tag> getTags() {
		return (EList<Tag>)eDynamicGet(TasksPackage.TASK__TAGS, TasksPackage.Literals.TASK__TAGS, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public EList<Task> getDependsOn() {
		return (EList<Task>)eDynamicGet(TasksPackage.TASK__DEPENDS_ON, TasksPackage.Literals.TASK__DEPENDS_ON, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public Object eGet(int featureID, boolean resolve, boolean coreType) {
		switch (featureID) {
			case TasksPackage.TASK__TITLE:
				return getTitle();
			case TasksPackage.TASK__STATUS:
				return getStatus();
			case TasksPackage.TASK__PRIORITY:
				return getPriority();
			case TasksPackage.TASK__CREATED:
				return getCreated();
			case TasksPackage.TASK__TAGS:
				return getTags();
			case TasksPackage.TASK__DEPENDS_ON:
				return getDependsOn();
		}
		return super.eGet(featureID, resolve, coreType);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public void eSet(int featureID, Object newValue) {
		switch (featureID) {
			case TasksPackage.TASK__TITLE:
				setTitle((String)newValue);
				return;
			case TasksPackage.TASK__STATUS:
				setStatus((TaskStatus)newValue);
				return;
			case TasksPackage.TASK__PRIORITY:
				setPriority((Integer)newValue);
				return;
			case TasksPackage.TASK__CREATED:
				setCreated((Date)newValue);
				return;
			case TasksPackage.TASK__TAGS:
				getTags().clear();
				getTags().addAll((Collection<? extends Tag>)newValue);
				return;
			case TasksPackage.TASK__DEPENDS_ON:
				getDependsOn().clear();
				getDependsOn().addAll((Collection<? extends Task>)newValue);
				return;
		}
		super.eSet(featureID, newValue);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void eUnset(int featureID) {
		switch (featureID) {
			case TasksPackage.TASK__TITLE:
				setTitle(TITLE_EDEFAULT);
				return;
			case TasksPackage.TASK__STATUS:
				setStatus(STATUS_EDEFAULT);
				return;
			case TasksPackage.TASK__PRIORITY:
				setPriority(PRIORITY_EDEFAULT);
				return;
			case TasksPackage.TASK__CREATED:
				setCreated(CREATED_EDEFAULT);
				return;
			case TasksPackage.TASK__TAGS:
				getTags().clear();
				return;
			case TasksPackage.TASK__DEPENDS_ON:
				getDependsOn().clear();
				return;
		}
		super.eUnset(featureID);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public boolean eIsSet(int featureID) {
		switch (featureID) {
			case TasksPackage.TASK__TITLE:
				return TITLE_EDEFAULT == null ? getTitle() != null : !TITLE_EDEFAULT.equals(getTitle());
			case TasksPackage.TASK__STATUS:
				return getStatus() != STATUS_EDEFAULT;
			case TasksPackage.TASK__PRIORITY:
				return getPriority() != PRIORITY_EDEFAULT;
			case TasksPackage.TASK__CREATED:
				return CREATED_EDEFAULT == null ? getCreated() != null : !CREATED_EDEFAULT.equals(getCreated());
			case TasksPackage.TASK__TAGS:
				return !getTags().isEmpty();
			case TasksPackage.TASK__DEPENDS_ON:
				return !getDependsOn().isEmpty();
		}
		return super.eIsSet(featureID);
	}

} //TaskImpl
